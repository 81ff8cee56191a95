package io.kubecarrier.api.region;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubecarrier.api.common.KubeCarrierStatus;

/** Observed state of a {@link Region}. Conditions: Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegionStatus extends KubeCarrierStatus {}
