// Types of tosspay's Apps-in-Toss front-end module, /sdk/web-framework.js (SPEC §10): what a
// mini-app imports from "@apps-in-toss/web-framework" or "@apps-in-toss/framework" for Toss
// login and Toss Pay. Map both names to this file (tsconfig "paths") to type-check a mini-app.

/** Options of `checkoutPayment`: the payToken from make-payment, directly or under `params`. */
export type CheckoutPaymentOptions = { payToken: string } | { params: { payToken: string } };

/** The outcome: `success` true once the buyer authenticated; otherwise a human-readable `reason`. */
export interface CheckoutPaymentResult {
  success: boolean;
  reason?: string;
}

/** Opens the checkout window (as /sdk/tosspay.js does); never rejects when the buyer cancels. */
export declare function checkoutPayment(options: CheckoutPaymentOptions): Promise<CheckoutPaymentResult>;

/** Toss Pay, as the integration guide calls it: `TossPay.checkoutPayment({ payToken })`. */
export declare const TossPay: {
  readonly checkoutPayment: typeof checkoutPayment;
};

/** What `appLogin` resolves: a one-time code (10 minutes, this app only) for the app's server. */
export interface AppLoginResult {
  /** Exchange it with `POST /api-partner/v1/apps-in-toss/user/oauth2/generate-token`. */
  authorizationCode: string;
  /** `SANDBOX` for tosspay's logins; `DEFAULT` for real Toss. */
  referrer: "DEFAULT" | "SANDBOX";
}

/**
 * Toss login for the app named by the module URL's `?merchantId=`: without a window when the
 * person who last logged in to this app here agreed before, otherwise through the login window.
 * Rejects with `Error('Login failed')` when the window is closed.
 */
export declare function appLogin(): Promise<AppLoginResult>;
