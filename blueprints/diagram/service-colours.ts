/** One colour per AWS service family, so a data path reads at a glance in the drawn diagram. */
const COLOURS: Record<string, string> = {
  kinesis: "#8c4fff",
  firehose: "#8c4fff",
  msk: "#8c4fff",
  flink: "#8c4fff",
  lambda: "#ed7100",
  s3: "#3f8624",
  glue: "#8c4fff",
  opensearch: "#8c4fff",
  redshift: "#8c4fff",
  dynamodb: "#c925d1",
  sqs: "#e7157b",
  sns: "#e7157b",
  cloudwatch: "#e7157b",
};

export function serviceColour(service: string): string {
  return COLOURS[service] ?? "#486581";
}
