// awaitly/retry: schedules plus the Duration helpers they take.
export * from "@awaitly/schedule";
