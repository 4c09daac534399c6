/** An error body exactly as IMM's RPC gateway returns it (JSON, whatever the status). */
export interface ImmErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
}

/** One IMM error: the HTTP status, the `Code` and the `Message` IMM sends with it. */
export class ImmError extends Error {
  override readonly name = 'ImmError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The IMM errors the emulator answers with. Codes and statuses follow IMM's documentation:
 * parameter and resource errors are 400 (IMM bills them), gateway-wide auth errors are 400 too,
 * throttling is `Throttling.User` 400, server faults are 5xx (not billed).
 */
export const immErrors = {
  missingParameter: (name: string) =>
    new ImmError(400, `Missing${name}`, `${name} is mandatory for this action.`),
  invalidParameter: (name: string, why: string) =>
    new ImmError(400, `Invalid${name}`, `The specified parameter ${name} is not valid: ${why}`),
  invalidSourceUri: (why: string) =>
    new ImmError(400, 'InvalidArgument', `The specified SourceURI is not valid: ${why}`),
  unsupportedImage: () =>
    new ImmError(400, 'InvalidArgument', 'The image is corrupt or of an unsupported format.'),
  imageTooLarge: () =>
    new ImmError(400, 'LimitExceededError', 'The image exceeds the size limit.'),
  // IMM answers a missing project with ResourceNotFound and this exact message.
  projectNotFound: () =>
    new ImmError(400, 'ResourceNotFound', 'The specified resource project is not found.'),
  objectNotFound: () =>
    new ImmError(400, 'ResourceNotFound', 'The specified resource object is not found.'),
  missingAccessKeyId: () =>
    new ImmError(400, 'MissingAccessKeyId', 'AccessKeyId is mandatory for this action.'),
  accessKeyNotFound: () =>
    new ImmError(400, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
  securityTokenMismatch: () =>
    new ImmError(
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
      'Specified SecurityToken mismatch with the AccessKey.',
    ),
  incompleteSignature: (why: string) =>
    new ImmError(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards: ${why}`),
  signatureMismatch: () =>
    new ImmError(
      400,
      'SignatureDoesNotMatch',
      'Specified signature is not matched with our calculation.',
    ),
  nonceUsed: () =>
    new ImmError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'),
  timestampFormat: () =>
    new ImmError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.'),
  timestampExpired: () =>
    new ImmError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'),
  actionNotFound: () =>
    new ImmError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'),
  versionNotFound: () =>
    new ImmError(400, 'InvalidVersion', 'Specified parameter Version is not valid.'),
  throttled: () => new ImmError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
  internal: (status = 500) =>
    new ImmError(
      status,
      status === 503 ? 'ServiceUnavailable' : 'InternalError',
      'The request processing has failed due to some unknown error, exception or failure.',
    ),
} as const;

/** The JSON body IMM sends with an error; `Recommend` points at Alibaba's troubleshooter. */
export function immErrorBody(error: ImmError, requestId: string, hostId: string): ImmErrorBody {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=imm&requestId=${requestId}`,
  };
}
