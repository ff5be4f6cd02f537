// A mini-app's use of /sdk/tosspay.d.ts, type-checked by scripts/test.sh (tsconfig.json): every
// documented way to call the SDK compiles, and the result has the documented shape.
import type { CheckoutPaymentOptions, CheckoutPaymentResult } from "../../Sources/TossPayServer/Resources/sdk/tosspay";

const direct: CheckoutPaymentOptions = { payToken: "tp_0123456789" };
const nested: CheckoutPaymentOptions = { params: { payToken: "tp_0123456789" } };

function report(result: CheckoutPaymentResult): string {
  return result.success ? "paid" : result.reason ?? "cancelled";
}

export async function buy(): Promise<string[]> {
  return [
    report(await window.TossPay.checkoutPayment(direct)),
    report(await window.TossPay.authorize(nested)),
    report(await window.checkoutPayment(direct)),
  ];
}
