import type { LoadRequest } from './http-load';
import { CrossTalkError } from './http-load';

const SINGLE =
  'query ($p: String!, $u: String!) { imageScore(projectName: $p, sourceUri: $u) { sourceUri overallQualityScore } }';
const BATCHED =
  'query ($p: String!, $u: [String!]!) { imageScores(projectName: $p, sourceUris: $u) { __typename ... on ImageScore { sourceUri overallQualityScore } ... on ImageScoreError { sourceUri code } } }';

interface Scored {
  __typename?: 'ImageScore';
  sourceUri: string;
  overallQualityScore: number;
}
interface Failed {
  __typename: 'ImageScoreError';
  sourceUri: string;
  code: string;
}
interface Answer {
  data?: { imageScore?: Scored | null; imageScores?: Array<Scored | Failed> } | null;
  errors?: Array<{ extensions?: { code?: string } }>;
}

/** What the request mix is drawn from. */
export interface RequestMix {
  project: string;
  /** Distinct images; request i draws from them with a fixed stride, so runs repeat. */
  images: number;
  /** Images per `imageScores` request (one request in five). */
  batch: number;
  uri(index: number): string;
  /** The score each URI must get. */
  expected: ReadonlyMap<string, number>;
}

/**
 * Request i of the load: an `imageScore` in four of five requests, else an `imageScores` batch.
 * Its check returns the error codes in the answer (`item:` for a failed batch entry) and throws
 * CrossTalkError when a score is not the one expected for the URI asked for.
 */
export function loadRequestFor(mix: RequestMix): (index: number) => LoadRequest {
  const checkScore = (asked: string, got: Scored | null | undefined) => {
    if (!got || got.sourceUri !== asked || got.overallQualityScore !== mix.expected.get(asked)) {
      throw new CrossTalkError(`asked ${asked}, got ${JSON.stringify(got)}`);
    }
  };
  const parse = (status: number, text: string): Answer | string[] => {
    if (status !== 200 && !text.startsWith('{')) return [`HTTP_${status}`];
    const answer = JSON.parse(text) as Answer;
    return answer.errors?.length ? answer.errors.map((e) => e.extensions?.code ?? 'UNKNOWN') : answer;
  };
  return (index) => {
    const pick = (k: number) => mix.uri((index * 7919 + k * 104729) % mix.images);
    if (index % 5 !== 0) {
      const uri = pick(0);
      return {
        body: JSON.stringify({ query: SINGLE, variables: { p: mix.project, u: uri } }),
        check(status, text) {
          const answer = parse(status, text);
          if (Array.isArray(answer)) return answer;
          checkScore(uri, answer.data?.imageScore);
          return [];
        },
      };
    }
    const uris = Array.from({ length: mix.batch }, (_, k) => pick(k));
    return {
      body: JSON.stringify({ query: BATCHED, variables: { p: mix.project, u: uris } }),
      check(status, text) {
        const answer = parse(status, text);
        if (Array.isArray(answer)) return answer;
        const codes: string[] = [];
        (answer.data?.imageScores ?? []).forEach((entry, k) => {
          if (entry.__typename === 'ImageScoreError') codes.push(`item:${entry.code}`);
          else checkScore(uris[k]!, entry);
        });
        return codes;
      },
    };
  };
}
