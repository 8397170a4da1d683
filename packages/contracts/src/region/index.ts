import { PROVINCES, REGENCIES } from "./regions.generated";

export { PROVINCES, REGENCIES };

export const isProvinceCode = (code: string) => Object.hasOwn(PROVINCES, code);
export const isRegencyCode = (code: string) => Object.hasOwn(REGENCIES, code);

export const provinceList = () => Object.entries(PROVINCES).map(([code, name]) => ({ code, name }));

export const regencyList = (provinceCode: string) =>
  Object.entries(REGENCIES)
    .filter(([code]) => code.startsWith(provinceCode))
    .map(([code, name]) => ({ code, name }));
