/** Options of `checkoutPayment`: the payToken from make-payment, directly or under `params`. */
export type CheckoutPaymentOptions = { payToken: string } | { params: { payToken: string } };

/** The outcome: `success` true once the buyer authenticated; otherwise a human-readable `reason`. */
export interface CheckoutPaymentResult {
  success: boolean;
  reason?: string;
}

/**
 * Opens the checkout window in an overlay. The window's own 닫기 button (or Escape) is the one
 * close control; closing resolves `{ success: false, reason }`, as does a window that cannot
 * load. Never rejects when the buyer cancels.
 */
export declare function checkoutPayment(options: CheckoutPaymentOptions): Promise<CheckoutPaymentResult>;

export declare const TossPay: {
  checkoutPayment(options: CheckoutPaymentOptions): Promise<CheckoutPaymentResult>;
  /** Alias used by newer SDKs. */
  authorize(options: CheckoutPaymentOptions): Promise<CheckoutPaymentResult>;
};

declare global {
  interface Window {
    TossPay: typeof TossPay;
    checkoutPayment: typeof checkoutPayment;
  }
}
