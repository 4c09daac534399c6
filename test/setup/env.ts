// Tests never reach the real ECS metadata service or a developer's credentials.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
