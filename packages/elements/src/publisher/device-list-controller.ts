import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The cameras and microphones of this machine, kept current through `devicechange`. Browsers
 * give labels only once the page has opened a device, so `refresh()` again after opening one.
 */
export class DeviceListController implements ReactiveController {
  /** The `videoinput` devices the page may pick. */
  cameras: MediaDeviceInfo[] = [];
  /** The `audioinput` devices the page may pick. */
  microphones: MediaDeviceInfo[] = [];

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    navigator.mediaDevices?.addEventListener('devicechange', this.refresh);
    void this.refresh();
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener('devicechange', this.refresh);
  }

  /** True until the browser names the devices, which it does once the page may use them. */
  get lacksLabels(): boolean {
    return [...this.cameras, ...this.microphones].every((device) => device.label === '');
  }

  /** Lists the devices again (on `devicechange`, and once a device is open and labels may come). */
  readonly refresh = async (): Promise<void> => {
    const devices = (await navigator.mediaDevices?.enumerateDevices().catch(() => undefined)) ?? [];
    // Without permission the browser lists placeholder entries with an empty deviceId: not pickable.
    const pickable = devices.filter((device) => device.deviceId !== '');
    this.cameras = pickable.filter((device) => device.kind === 'videoinput');
    this.microphones = pickable.filter((device) => device.kind === 'audioinput');
    this.host.requestUpdate();
  };
}
