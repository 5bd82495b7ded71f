export function CostsSlot() {
  return (
    <p data-testid="costs-slot">
      Costs are coming with the cost and limits work: ECR storage and transfer, and what a migration will cost, from dated and sourced price tables.
    </p>
  )
}
