/** Column types an import can be told to use instead of the detected one. */
export const COMMON_TYPES = [
  "VARCHAR",
  "BOOLEAN",
  "INTEGER",
  "BIGINT",
  "DOUBLE",
  "DECIMAL(18,2)",
  "DATE",
  "TIME",
  "TIMESTAMP",
  "TIMESTAMP WITH TIME ZONE",
] as const;

/** The choices for a column: the common types, plus the detected one when it is not among them. */
export function typeChoices(detected: string): string[] {
  const upper = detected.toUpperCase();
  return COMMON_TYPES.some((t) => t === upper) ? [...COMMON_TYPES] : [detected, ...COMMON_TYPES];
}

/** Only the columns whose chosen type differs from the detected one. */
export function changedTypes(
  detected: Record<string, string>,
  chosen: Record<string, string>,
): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const [column, type] of Object.entries(chosen)) {
    if (detected[column]?.toUpperCase() !== type.toUpperCase()) changed[column] = type;
  }
  return changed;
}
