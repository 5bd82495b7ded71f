export function LimitsSlot() {
  return (
    <p data-testid="limits-slot">
      Limits are coming with the cost and limits work: Docker Hub pull quotas and ECR API rates side by side. Each Docker Hub account's pull quota is on Accounts today.
    </p>
  )
}
