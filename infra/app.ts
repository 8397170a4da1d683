/**
 * The app's name and home region. No imports: SST's CLI loads sst.config.ts's `config()` before
 * anything else is installed or resolved.
 */
export const APP_NAME = "atensi-hub";
/** Jakarta: data about Indonesian citizens stays in Indonesia. */
export const DEFAULT_REGION = "ap-southeast-3";
