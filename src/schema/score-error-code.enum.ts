import { registerEnumType } from 'type-graphql';
import { ScoreErrorCode } from '../errors';

export { ScoreErrorCode };

registerEnumType(ScoreErrorCode, {
  name: 'ScoreErrorCode',
  description: 'Why an image could not be scored.',
  valuesConfig: {
    INVALID_SOURCE_URI: {
      description: 'sourceUri is not oss://<bucket>/<key> within the contract rules.',
    },
    PROJECT_NOT_FOUND: { description: 'The project does not exist for this backend.' },
    OBJECT_NOT_FOUND: { description: 'No object at sourceUri.' },
    UNSUPPORTED_IMAGE: {
      description: 'The object is not a decodable image, or is larger than the limits.',
    },
    FORBIDDEN: { description: 'The caller or the gateway may not read this project or object.' },
    THROTTLED: { description: 'The upstream kept throttling after retries; try again later.' },
    UPSTREAM_UNAVAILABLE: { description: 'The upstream failed or timed out; try again later.' },
    INTERNAL: { description: 'An unexpected failure inside the gateway.' },
  },
});
