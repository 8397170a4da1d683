/** One value of a search parameter (the router gives string | string[]). */
export const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
