/**
 * An RFC 3339 date-time `days` days from now (UTC, whole seconds), for inputs that KMS checks against the time of
 * the request, such as validTo (at most 365 days ahead): fixed dates in tests would start failing as time passes.
 */
export function daysFromNow(days: number): string {
    return `${new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 19)}Z`;
}
