/** One value of a search parameter (the router gives string | string[]). */
export const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * The token of an e-mailed link. It travels in the fragment so it never reaches a server log;
 * it is read once, then taken out of the address bar and history.
 */
export const takeFragmentToken = () => {
  const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? undefined;
  if (token) history.replaceState(history.state, "", location.pathname);
  return token;
};
