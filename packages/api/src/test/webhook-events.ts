/**
 * Test fixture (only the api's tests import it; the build leaves src/test/ out of dist/): the event
 * webhook body the handler tests deliver. Its fields are the few a handler reads, not a full
 * ConnectionEventWebhook, so the handlers are shown taking what they are sent.
 */

/** A `connection.created` delivery, as parsed JSON. */
export const connectionCreatedEvent = {
  id: '1',
  type: 'connection.created',
  timestamp: new Date().toISOString(),
  channel_id: 'C',
  connection_id: 'X',
  client_id: 'K',
  role: 'sendonly',
};
