package io.kubecarrier.api.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubecarrier.api.common.KubeCarrierStatus;

/** Observed state of a {@link Provider}. Conditions: Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderStatus extends KubeCarrierStatus {}
