/** A rating of an execution's result (contract enum `Feedback`). */
export const feedbackValues = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'] as const;

export type Feedback = (typeof feedbackValues)[number];
