/**
 * All the camera knows of the broadcast: somewhere to send a new track in place of the old one
 * without reconnecting. `SoraSession` is one; the camera is given it directly, so a switch of
 * camera travels camera → session and never through the element.
 */
export interface TrackSender {
  /**
   * Sends `track` instead of `stream`'s track of the same kind and swaps it inside `stream`.
   * False when nothing is being sent: the caller swaps it in `stream` itself, and the next
   * connection sends the stream as it is then.
   */
  replaceTrack(stream: MediaStream, track: MediaStreamTrack): Promise<boolean>;
}
