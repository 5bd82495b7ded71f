/** Query keys that more than one feature uses: one reads the data, another invalidates it after a change. */
export const limitsOverviewQueryKey = ['limits.overview'] as const
