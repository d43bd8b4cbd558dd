export { addEmailChannel } from "./add-email-channel";
export { verifyEmailChannel } from "./verify-email-channel";
export { addWebhookChannel } from "./add-webhook-channel";
export { sendTestWebhook } from "./send-test-webhook";
export { removeChannel } from "./remove-channel";
export { listChannels } from "./list-channels";
export { enqueueWebhookEvent, enqueueWebhookEvents, type WebhookEventInput } from "./enqueue-webhook-event";
export { deliverDueWebhooks } from "./deliver-webhooks";
