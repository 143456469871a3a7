// The part of Tauri's global API (`app.withGlobalTauri`) that ui/js/api.js uses.
interface Window {
  __TAURI__?: {
    core: {
      invoke(command: string, args?: Record<string, unknown>): Promise<unknown>;
    };
    event: {
      listen(event: string, handler: (event: { payload: any }) => void): Promise<() => void>;
    };
  };
}
