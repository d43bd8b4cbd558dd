export { recordVendorEvent, recordVendorEvents, type VendorEvent } from "./record-vendor-event";
export { createVendorEndpoint } from "./create-vendor-endpoint";
export { setVendorEndpointEnabled, updateVendorEndpointEvents } from "./update-vendor-endpoint";
export { deleteVendorEndpoint } from "./delete-vendor-endpoint";
export { rollVendorEndpointSecret } from "./roll-vendor-endpoint-secret";
export { sendTestVendorWebhook } from "./send-test-vendor-webhook";
export { listVendorEndpoints, RECENT_DELIVERIES, type VendorEndpointListing } from "./list-vendor-endpoints";
export { resendVendorDelivery } from "./resend-vendor-delivery";
