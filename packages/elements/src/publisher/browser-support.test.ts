import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserProblem, type BrowserFeatures } from './browser-support.js';

class FakePeerConnection {}
const getUserMedia = async () => ({});
const capable: BrowserFeatures = {
  isSecureContext: true,
  RTCPeerConnection: FakePeerConnection,
  navigator: { mediaDevices: { getUserMedia } },
};

test('a secure page with WebRTC and a camera API can broadcast', () => {
  assert.equal(browserProblem(capable, true), null);
});

test('a page over plain http is insecure-context, whatever else it has', () => {
  assert.equal(browserProblem({ ...capable, isSecureContext: false }, true)?.code, 'insecure-context');
  assert.equal(browserProblem({ ...capable, isSecureContext: false }, false)?.code, 'insecure-context');
  assert.equal(browserProblem({ RTCPeerConnection: FakePeerConnection }, false)?.code, 'insecure-context');
});

test('no RTCPeerConnection (WebKitGTK as Debian builds it) is unsupported', () => {
  const problem = browserProblem({ ...capable, RTCPeerConnection: undefined }, false);
  assert.equal(problem?.code, 'unsupported');
  assert.match(problem?.message ?? '', /RTCPeerConnection/);
});

test('no getUserMedia is unsupported only when a device must be captured', () => {
  const noCamera: BrowserFeatures = { isSecureContext: true, RTCPeerConnection: FakePeerConnection, navigator: {} };
  assert.equal(browserProblem(noCamera, true)?.code, 'unsupported');
  assert.match(browserProblem(noCamera, true)?.message ?? '', /getUserMedia/);
  assert.equal(browserProblem(noCamera, false), null, "the page's own stream needs no camera");
});
