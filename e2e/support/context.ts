// Values the global setup hands to the test files (via provide/inject).
declare module "vitest" {
  export interface ProvidedContext {
    /** The server with the default idle timeout. */
    baseUrl: string;
    /** A second server whose sessions end after 3 seconds without activity. */
    shortIdleBaseUrl: string;
    /** A JSON file remembering the last TOTP step used per server and user, shared by all test files. */
    totpStateFile: string;
  }
}

export {};
