// Run by package-install.test.mjs with plain Node inside the fresh project: what a backend does
// with the installed @ifls/api. Prints what it saw as one line of JSON.
import { ImageFluxApiError, ImageFluxClient } from '@ifls/api';

const client = new ImageFluxClient({ endpoint: process.env.IFLS_API_URL, accessToken: process.env.IFLS_ACCESS_TOKEN });
const channel = await client.createChannel({
  hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 } }],
});
const connections = await client.listConnections(channel.channel_id);
const deleted = await client.deleteChannel(channel.channel_id);
let afterDelete = 'answered';
try {
  await client.listConnections(channel.channel_id);
} catch (error) {
  afterDelete = error instanceof ImageFluxApiError ? `${error.status} ${error.errorType}` : String(error);
}
console.log(JSON.stringify({ channel, connections, deleted, afterDelete }));
