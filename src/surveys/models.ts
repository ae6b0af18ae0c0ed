import { directoryCache } from '../data/directory-cache.js';
import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHOICES, SURVEY_AREAS } from './areas.js';

/**
 * A survey campaign: one half-year period (`2026-H2`) for the community or some of its zones.
 * Issued by the survey job once `startAt` has come, open until `endAt`.
 */
const campaignSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    period: { type: String, required: true },
    title: { type: String, required: true },
    /** Empty: the whole community. */
    zoneIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Zone' }], default: [] },
    startAt: { type: Date, required: true },
    endAt: { type: Date, required: true },
    status: { type: String, enum: ['scheduled', 'open', 'closed'], default: 'scheduled' },
    issuedAt: Date,
    /** Registered owners in the audience when issued, and how many of them the survey reached. */
    eligible: { type: Number, default: 0 },
    issued: { type: Number, default: 0 },
    closedAt: Date,
    /** The results were sent in chat to the zone managers and the CS supervisor: when, to how many. */
    resultsSentAt: Date,
    resultsSentTo: Number,
    createdBy: String,
  },
  { timestamps: true },
);
campaignSchema.index({ communityId: 1, period: 1 });

const answerSchema = new Schema(
  {
    area: { type: String, enum: SURVEY_AREAS, required: true },
    choice: { type: String, enum: CHOICES, required: true },
  },
  { _id: false },
);

/**
 * One owner's questionnaire in a campaign: `_id` is `campaignId:personId` (a second issuance is a
 * duplicate key). `step` is the next question (0–9 the areas, 10 the comment).
 */
const responseSchema = new Schema(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true, index: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone' },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    /** The owner has a bound chat contact: the questions went out by chat. */
    reachable: { type: Boolean, required: true },
    step: { type: Number, default: 0 },
    answers: { type: [answerSchema], default: [] },
    comment: String,
    issuedAt: { type: Date, required: true },
    lastAskedAt: Date,
    reminders: { type: Number, default: 0 },
    completedAt: Date,
  },
  { timestamps: true },
);

/**
 * The owner's open questionnaire, read on their direct messages: `_id` is the person id (the
 * one filter FerretDB pushes down). Removed when they finish.
 */
const turnSchema = new Schema(
  {
    _id: { type: String, required: true },
    responseId: { type: String, required: true },
    campaignId: { type: String, required: true },
  },
  { timestamps: true },
);
// read through the directory cache on owners' direct messages (src/surveys/chat.ts): every write
// through the model forgets the set of people with a turn (a summary, src/data/directory-cache.ts)
turnSchema.plugin(directoryCache('surveyturns', { keyedById: true }));

export type CampaignDoc = InferSchemaType<typeof campaignSchema> & { _id: string };
export type ResponseDoc = InferSchemaType<typeof responseSchema> & { _id: string };
export const SurveyCampaign = model('SurveyCampaign', campaignSchema);
export const SurveyResponse = model('SurveyResponse', responseSchema);
export const SurveyTurn = model('SurveyTurn', turnSchema);

/** Created with their indexes at start (src/data/connection.ts). */
export const SURVEY_MODELS = [SurveyCampaign, SurveyResponse, SurveyTurn];
