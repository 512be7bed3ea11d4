// Live status subscriptions (issue 4).
export {};
