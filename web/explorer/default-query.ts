/**
 * The operation a first visit opens with: one image and a small gallery from the bundled sample
 * bucket (`data/oss/samples`, project `demo`), so that Run shows real scores on a fresh clone.
 */
export const DEFAULT_QUERY = `# Run: Ctrl-Enter (Cmd-Enter). Docs: the book icon.
# With AUTH_MODE=api-key, put your key under Headers:
# {"Authorization": "Bearer <key>"}
query Samples {
  coffee: imageScore(
    projectName: "demo"
    sourceUri: "oss://samples/coffee.png"
  ) {
    overallQualityScore
    breakdown {
      exposure contrast color sharpness
      noise composition resolution
    }
    requestId
  }
  gallery: imageScores(
    projectName: "demo"
    sourceUris: [
      "oss://samples/rocket.jpg"
      "oss://samples/astronaut.png"
      "oss://samples/chelsea.png"
      "oss://samples/missing.jpg"
    ]
  ) {
    __typename
    ... on ImageScore { sourceUri overallQualityScore }
    ... on ImageScoreError { sourceUri code message }
  }
}
`;
