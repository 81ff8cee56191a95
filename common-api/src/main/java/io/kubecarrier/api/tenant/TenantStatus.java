package io.kubecarrier.api.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubecarrier.api.common.KubeCarrierStatus;

/** Observed state of a {@link Tenant}. Conditions: Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantStatus extends KubeCarrierStatus {}
