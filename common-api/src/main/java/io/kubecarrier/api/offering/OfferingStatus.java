package io.kubecarrier.api.offering;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubecarrier.api.common.KubeCarrierStatus;

/** Observed state of an {@link Offering}. Conditions: Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OfferingStatus extends KubeCarrierStatus {}
