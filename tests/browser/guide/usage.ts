// A mini-app's use of /sdk/web-framework.d.ts, type-checked by scripts/js-checks.sh
// (tsconfig.json here maps both package names to the module, as an import map does): every
// export compiles under both names, and the results have the documented shapes.
import { TossPay, appLogin, checkoutPayment } from "@apps-in-toss/web-framework";
import type { AppLoginResult, CheckoutPaymentOptions, CheckoutPaymentResult } from "@apps-in-toss/framework";

const direct: CheckoutPaymentOptions = { payToken: "tp_0123456789" };
const nested: CheckoutPaymentOptions = { params: { payToken: "tp_0123456789" } };

function report(result: CheckoutPaymentResult): string {
  return result.success ? "paid" : result.reason ?? "cancelled";
}

/** Login, then the code for the app's server: `referrer` is one of the two documented values. */
export async function login(): Promise<{ code: string; sandbox: boolean }> {
  try {
    const result: AppLoginResult = await appLogin();
    return { code: result.authorizationCode, sandbox: result.referrer === "SANDBOX" };
  } catch (error) {
    // A closed window: Error('Login failed').
    return { code: "", sandbox: (error as Error).message !== "Login failed" };
  }
}

export async function buy(): Promise<string[]> {
  return [report(await TossPay.checkoutPayment(direct)), report(await checkoutPayment(nested))];
}
