import { NumberField } from '../../../components/ui/number-field'
import { HUB_PLAN_LABELS, type CostForm, type CostFormErrors, type HubBilling, type HubPlan } from '../model/cost-form'

export interface CostAssumptionsFormProps {
  form: CostForm
  errors: CostFormErrors
  onChange(change: Partial<CostForm>): void
}

const PLANS = Object.keys(HUB_PLAN_LABELS) as HubPlan[]

/** What the estimate assumes; every change recomputes (per-repository pulls and prices are edited in their tables). */
export function CostAssumptionsForm({ form, errors, onChange }: CostAssumptionsFormProps) {
  return (
    <section className="card stack" aria-labelledby="cost-assumptions-heading" data-testid="cost-assumptions">
      <h2 id="cost-assumptions-heading">Assumptions</h2>
      <fieldset>
        <legend>Docker Hub subscription</legend>
        <label>
          Plan
          <select
            value={form.hubPlan}
            onChange={(event) => onChange({ hubPlan: event.target.value as HubPlan })}
            data-testid="cost-hub-plan"
          >
            {PLANS.map((plan) => (
              <option key={plan} value={plan}>
                {HUB_PLAN_LABELS[plan]}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="Seats"
          value={form.hubSeats}
          min={1}
          step={1}
          error={errors.hubSeats}
          onChange={(hubSeats) => onChange({ hubSeats })}
          testId="cost-hub-seats"
        />
        <label>
          Billing
          <select
            value={form.hubBilling}
            onChange={(event) => onChange({ hubBilling: event.target.value as HubBilling })}
            data-testid="cost-hub-billing"
          >
            <option value="annual">Annual</option>
            <option value="monthly">Monthly</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Where the pulls come from (the rest: AWS compute in the same Region, free from ECR)</legend>
        <NumberField
          label="Other AWS Regions (%)"
          value={form.crossRegionPercent}
          min={0}
          max={100}
          error={errors.crossRegionPercent}
          onChange={(crossRegionPercent) => onChange({ crossRegionPercent })}
          testId="cost-cross-region"
        />
        <NumberField
          label="The internet (%)"
          value={form.internetPercent}
          min={0}
          max={100}
          error={errors.internetPercent}
          onChange={(internetPercent) => onChange({ internetPercent })}
          testId="cost-internet"
        />
        <NumberField
          label="Same Region through a NAT gateway (% of those)"
          value={form.natGatewayPercent}
          min={0}
          max={100}
          error={errors.natGatewayPercent}
          onChange={(natGatewayPercent) => onChange({ natGatewayPercent })}
          testId="cost-nat"
        />
      </fieldset>
      <div className="form-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.enhancedScanning}
            onChange={(event) => onChange({ enhancedScanning: event.target.checked })}
            data-testid="cost-enhanced-scanning"
          />
          Enhanced scanning (Amazon Inspector)
        </label>
        <NumberField
          label="Growth of storage and pulls a month (%)"
          value={form.monthlyGrowthPercent}
          min={-100}
          max={1000}
          error={errors.monthlyGrowthPercent}
          onChange={(monthlyGrowthPercent) => onChange({ monthlyGrowthPercent })}
          testId="cost-growth"
        />
      </div>
    </section>
  )
}
