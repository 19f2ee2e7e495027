// A time code drawn as a bar code into video frames, and read back from decoded frames:
// glass-to-glass latency measured from pixels, with no clock but the machine's own.
// Two identical bands of TIMECODE_BITS black/white bars (least significant bit first); a frame
// whose bands disagree (a blended or damaged frame) reads as undefined.

export const TIMECODE_BITS = 44;

function bands(height) {
  return [
    [Math.round(height * 0.08), Math.round(height * 0.38)],
    [Math.round(height * 0.62), Math.round(height * 0.92)],
  ];
}

function barGeometry(width) {
  const barWidth = Math.floor(width / (TIMECODE_BITS + 2));
  const left = Math.floor((width - barWidth * TIMECODE_BITS) / 2);
  return { barWidth, left };
}

/** Draws `value` (a non-negative integer below 2^44, e.g. Date.now()) over the whole canvas. */
export function drawTimecode(context, value, width, height) {
  context.fillStyle = '#808080';
  context.fillRect(0, 0, width, height);
  const { barWidth, left } = barGeometry(width);
  for (const [top, bottom] of bands(height)) {
    for (let bit = 0; bit < TIMECODE_BITS; bit += 1) {
      const set = Math.floor(value / 2 ** bit) % 2 === 1;
      context.fillStyle = set ? '#ffffff' : '#000000';
      context.fillRect(left + bit * barWidth, top, barWidth, bottom - top);
    }
  }
  context.fillStyle = '#000000';
  context.font = `${Math.round(height * 0.12)}px monospace`;
  context.textBaseline = 'middle';
  context.fillText(String(value), left, height / 2);
}

/** Reads the time code from a canvas holding a decoded frame; undefined when it cannot be trusted. */
export function readTimecode(context, width, height) {
  const { barWidth, left } = barGeometry(width);
  const { data } = context.getImageData(0, 0, width, height);
  const luminance = (x, y) => {
    let sum = 0;
    for (let dy = -2; dy <= 2; dy += 1) {
      for (let dx = -2; dx <= 2; dx += 1) {
        const index = ((y + dy) * width + (x + dx)) * 4;
        sum += 0.299 * data[index] + 0.587 * data[index + 1] + 0.114 * data[index + 2];
      }
    }
    return sum / 25;
  };
  const values = bands(height).map(([top, bottom]) => {
    const y = Math.round((top + bottom) / 2);
    let value = 0;
    for (let bit = 0; bit < TIMECODE_BITS; bit += 1) {
      const x = left + bit * barWidth + Math.floor(barWidth / 2);
      const level = luminance(x, y);
      if (level > 90 && level < 165) return undefined; // neither black nor white
      if (level >= 165) value += 2 ** bit;
    }
    return value;
  });
  return values[0] !== undefined && values[0] === values[1] ? values[0] : undefined;
}

/**
 * A MediaStream whose video shows Date.now() as a time code, redrawn every animation frame, and
 * whose audio is a quiet tone (a publisher normally sends audio; ffmpeg then muxes both).
 */
export function timecodeStream({ width = 640, height = 480, fps = 30 } = {}) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  let running = true;
  const draw = () => {
    if (!running) return;
    drawTimecode(context, Date.now(), width, height);
    requestAnimationFrame(draw);
  };
  draw();
  const stream = canvas.captureStream(fps);
  const audio = new AudioContext();
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  gain.gain.value = 0.05;
  const destination = audio.createMediaStreamDestination();
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  stream.addTrack(destination.stream.getAudioTracks()[0]);
  return {
    stream,
    stop() {
      running = false;
      stream.getTracks().forEach((track) => track.stop());
      oscillator.stop();
      audio.close();
    },
  };
}

/**
 * Calls `onSample(latencyMs)` for every decoded frame of `video` whose time code reads (the frame
 * drawn into a canvas at requestVideoFrameCallback, read at once), `onUnreadable()` for the others.
 */
export function measureVideoLatency(video, onSample, onUnreadable = () => {}) {
  const canvas = document.createElement('canvas');
  let context;
  let running = true;
  const onFrame = () => {
    if (!running) return;
    if (video.videoWidth > 0) {
      if (canvas.width !== video.videoWidth || canvas.height !== video.videoHeight) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context = canvas.getContext('2d', { willReadFrequently: true });
      }
      context.drawImage(video, 0, 0);
      const shown = Date.now();
      const value = readTimecode(context, canvas.width, canvas.height);
      if (value !== undefined) onSample(shown - value);
      else onUnreadable();
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  return () => {
    running = false;
  };
}
