/** The app: initialises the cloud in cloud mode; everything else happens in the pages and services. */
import { API_MODE, CLOUD_ENV, type ApiMode } from './config';

/** App-wide data. */
export interface GlobalData {
  /** Where API calls go (see config.ts). */
  apiMode: ApiMode;
}

/** The app instance, for `getApp<AppOption>()`. */
export interface AppOption {
  globalData: GlobalData;
}

App<AppOption>({
  globalData: { apiMode: API_MODE },
  onLaunch() {
    // Only the cloud transport needs wx.cloud; the local cloud is plain HTTP.
    if (API_MODE === 'cloud') wx.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
  },
});
