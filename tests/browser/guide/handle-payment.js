import { TossPay } from "@apps-in-toss/framework";

async function handlePayment() {
  try {
    // 실제 구현 시 결제 생성 역할을 하는 API 엔드포인트로 대체해주세요.
    const { payToken } = await fetch("/my-api/payment/create").then((res) =>
      res.json()
    );

    const { success, reason } = await TossPay.checkoutPayment({ payToken });

    if (success) {
      // 실제 구현 시 결제를 실행하는 API 엔드포인트로 대체해주세요.
      await fetch("/my-api/payment/execute", {
        method: "POST",
        body: JSON.stringify({ payToken }),
        headers: { "Content-Type": "application/json" },
      });
    } else {
      console.log("인증 실패:", reason);
    }
  } catch (error) {
    console.error("결제 인증 중 오류가 발생했어요:", error);
  }
}
