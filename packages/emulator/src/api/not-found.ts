import { ApiError } from './api-error.js';

// One wording per kind of record: a record of another tenant must answer exactly like a missing one.

export function channelNotFound(channelId: string, field = 'channel_id'): ApiError {
  return new ApiError(404, 'CHANNEL-NOT-FOUND', `No channel ${JSON.stringify(channelId)}.`, field);
}

export function archiveDestinationNotFound(archiveDestinationId: string, field = 'archive_destination_id'): ApiError {
  return new ApiError(404, 'ARCHIVE-DESTINATION-NOT-FOUND', `No archive destination ${JSON.stringify(archiveDestinationId)}.`, field);
}

export function connectionNotFound(connectionId: string): ApiError {
  return new ApiError(404, 'CONNECTION-NOT-FOUND', `No connection ${JSON.stringify(connectionId)} in this channel.`, 'connection_id');
}
