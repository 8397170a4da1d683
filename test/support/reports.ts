/** Consistent supervision-report content: every validation rule holds. */
export const reportContent = (served = 60) => ({
  beneficiaries: {
    totals: [{ cluster: "penyandang_disabilitas", count: served }],
    breakdown: [
      { cluster: "penyandang_disabilitas", sex: "female", ageBand: "18-59", count: served / 2 },
      { cluster: "penyandang_disabilitas", sex: "male", ageBand: "18-59", count: served / 2 },
    ],
    byCriterion: [{ criterion: "disabilitas", count: served }],
  },
  services: [{ form: "terapi_fisik_psikososial_mental_spiritual", count: 120 }],
  caseFlow: [{ stage: "implementasi", atStart: 40, entered: 20, completed: 10, terminated: 2, atEnd: 48 }],
  indicators: [
    {
      level: "keluaran",
      name: "Penerima manfaat terlayani",
      target: 100,
      realised: served,
      narrative: "Sesuai rencana",
    },
  ],
  socialWorker: { name: "Ratna Sari, S.Sos.", certificateNumber: "PEKSOS-32-2021-0457" },
  issues: [{ issue: "Keterbatasan transportasi peserta", followUp: "Koordinasi dengan dinas sosial kota" }],
});
