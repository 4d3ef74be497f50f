import type { NextStep } from "../../../shared/contract/auth";
import { paths } from "../../config/paths";

export const pathForNext = (next: NextStep): string =>
  ({
    "change-password": paths.auth.changePassword.getHref(),
    "enroll-mfa": paths.auth.enrollMfa.getHref(),
    "verify-mfa": paths.auth.verifyMfa.getHref(),
    done: paths.home.getHref(),
  })[next];

/** Navigation state for the sign-in page: why the user was sent there. */
export type SignInNotice = { notice: string; tone: "info" | "warning" };

export const isSignInNotice = (state: unknown): state is SignInNotice =>
  typeof state === "object" && state !== null && typeof (state as { notice?: unknown }).notice === "string";
