import { feedbackValues } from '../model/feedback.js';
import { builder } from './builder.js';

export const FeedbackEnum = builder.enumType('Feedback', { values: feedbackValues });
