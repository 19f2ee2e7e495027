import { PublisherError } from './publisher-error.js';

/** What the publisher needs of the browser, read from the page's global object. */
export interface BrowserFeatures {
  isSecureContext?: boolean;
  RTCPeerConnection?: unknown;
  navigator?: { mediaDevices?: { getUserMedia?: unknown } };
}

/**
 * Why this browser cannot broadcast, found before any camera or network is opened; null when it
 * can. `needsCamera`: the element captures a device (the page's `stream` lacks a video or an
 * audio track). WebKitGTK builds without WebRTC and pages served over plain http are the usual
 * cases.
 */
export function browserProblem(features: BrowserFeatures, needsCamera: boolean): PublisherError | null {
  if (!features.isSecureContext) {
    return new PublisherError('insecure-context', 'Not a secure context: serve the page over https or from localhost.');
  }
  if (typeof features.RTCPeerConnection !== 'function') {
    return new PublisherError('unsupported', 'No RTCPeerConnection: this browser has no WebRTC.');
  }
  if (needsCamera && typeof features.navigator?.mediaDevices?.getUserMedia !== 'function') {
    return new PublisherError('unsupported', 'No navigator.mediaDevices.getUserMedia: this browser gives no camera access.');
  }
  return null;
}
