import { activitySchema, communitySchema, needSchema, partnerSchema, roomOfStreet, venueSchema } from '../../../model/index.ts';

/** The model schema of each ledger layer. */
export const SCHEMAS = { community: communitySchema, venue: venueSchema, partner: partnerSchema, activity: activitySchema, need: needSchema };

/** Kept here for the ledger's callers; defined once in the model. */
export { roomOfStreet };

