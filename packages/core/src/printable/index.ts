import { label as named, PROVINCES, type ReportContent } from "@atensi/contracts";
import PDFDocument from "pdfkit";
import { Agreement } from "../agreement";
import { Audit } from "../audit";
import { HubError } from "../error";
import { Program } from "../program";
import { Referral } from "../referral";
import { Report } from "../report";
import { type DocumentKind, Verification } from "../verification";

/**
 * Printable documents, made on the server so the portal and the API hand out the same file: an
 * accepted supervision report, an agreement summary and a referral letter (surat rujukan). Each
 * carries its record's version and a verification code that `GET /v1/verify/{code}` resolves to
 * the document's kind, number and date only.
 */
const KIND_TITLE: Record<DocumentKind, string> = {
  report: "Laporan Supervisi ATENSI",
  agreement: "Ringkasan Perjanjian Kerja Sama",
  referral_letter: "Surat Rujukan",
};

/** A code with no catalogue label (case-flow stages, indicator levels), written as words. */
const label = (code: string) => {
  const text = code.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};
const dateID = (iso?: string) =>
  iso
    ? new Date(iso.length === 10 ? `${iso}T00:00:00Z` : Date.parse(iso) + 7 * 3600e3).toLocaleDateString(
        "id-ID",
        { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" },
      )
    : "-";
const timeID = (iso?: string) =>
  iso
    ? `${new Date(Date.parse(iso)).toLocaleString("id-ID", {
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: "Asia/Jakarta",
      })} WIB`
    : "-";
const number = (n: number | undefined) => (n === undefined ? "-" : n.toLocaleString("id-ID"));
const province = (code?: string) => (code ? (PROVINCES[code as keyof typeof PROVINCES] ?? code) : "-");

type Meta = { kind: DocumentKind; id: string; version: number; number: string; date: string };

/**
 * A4 pages with the hub's letterhead and a footer on every page naming the document, its version,
 * its verification code and the page. Built with pdfkit's standard fonts (no font files to ship).
 */
class Printer {
  readonly doc = new PDFDocument({ size: "A4", margin: 56, bufferPages: true });
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(
    private readonly meta: Meta,
    private readonly code: string,
  ) {
    this.doc.info.Title = `${KIND_TITLE[meta.kind]} ${meta.number}`;
    this.doc.info.Author = "Kementerian Sosial Republik Indonesia - ATENSI Integration Hub";
    this.doc.info.Subject = `Versi ${meta.version}; kode verifikasi ${code}`;
    this.done = new Promise((resolve, reject) => {
      this.doc.on("data", (c: Buffer) => this.chunks.push(c));
      this.doc.on("end", () => resolve(Buffer.concat(this.chunks)));
      this.doc.on("error", reject);
    });
    this.doc
      .font("Helvetica-Bold")
      .fontSize(10)
      .text("KEMENTERIAN SOSIAL REPUBLIK INDONESIA", { align: "center" })
      .font("Helvetica")
      .fontSize(9)
      .text("Direktorat Jenderal Rehabilitasi Sosial - Asistensi Rehabilitasi Sosial (ATENSI)", {
        align: "center",
      })
      .moveDown(0.3);
    const y = this.doc.y;
    this.doc.moveTo(56, y).lineTo(539, y).lineWidth(1).stroke().moveDown(0.8);
    this.doc.font("Helvetica-Bold").fontSize(15).text(KIND_TITLE[meta.kind], { align: "center" });
    this.doc.font("Helvetica").fontSize(10).text(`Nomor: ${meta.number}`, { align: "center" }).moveDown(1);
  }

  private room(height: number) {
    if (this.doc.y + height > this.doc.page.height - 90) this.doc.addPage();
  }

  heading(text: string) {
    this.room(40);
    this.doc.moveDown(0.6).font("Helvetica-Bold").fontSize(11).text(text).moveDown(0.3);
    this.doc.font("Helvetica").fontSize(10);
    return this;
  }

  /** Label–value lines. */
  fields(rows: [string, string][]) {
    for (const [name, value] of rows) {
      this.room(16);
      const y = this.doc.y;
      this.doc.font("Helvetica-Bold").fontSize(10).text(name, 56, y, { width: 150 });
      const after = this.doc.y;
      this.doc.font("Helvetica").text(value, 210, y, { width: 329 });
      this.doc.y = Math.max(after, this.doc.y);
      this.doc.x = 56;
    }
    return this;
  }

  /** A table: header row in bold, then rows; `widths` are fractions of the text width. */
  table(header: string[], rows: string[][], widths: number[]) {
    const total = 483;
    const xs: number[] = [56];
    for (const w of widths.slice(0, -1)) xs.push(xs.at(-1)! + w * total);
    const line = (cells: string[], bold: boolean) => {
      this.room(18);
      const y = this.doc.y;
      let bottom = y;
      this.doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
      cells.forEach((cell, i) => {
        this.doc.text(cell, xs[i]!, y, { width: widths[i]! * total - 6 });
        bottom = Math.max(bottom, this.doc.y);
      });
      this.doc.y = bottom + 2;
      this.doc.x = 56;
    };
    line(header, true);
    if (!rows.length) line(["(tidak ada)", ...header.slice(1).map(() => "")], false);
    for (const r of rows) line(r, false);
    this.doc.fontSize(10);
    return this;
  }

  paragraph(text: string) {
    this.room(30);
    this.doc.font("Helvetica").fontSize(10).text(text, { align: "justify" }).moveDown(0.4);
    return this;
  }

  async finish() {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font("Helvetica")
        .fontSize(8)
        .text(
          `${KIND_TITLE[this.meta.kind]} ${this.meta.number} - versi ${this.meta.version} - kode verifikasi ${this.code} (periksa di /v1/verify/${this.code}) - halaman ${i + 1} dari ${range.count}`,
          56,
          this.doc.page.height - 48,
          { width: 483, align: "center" },
        );
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.done;
  }
}

/** Records the code (idempotently) and starts the document. */
const start = async (meta: Meta) => {
  const code = await Verification.issue(meta);
  return { printer: new Printer(meta, code), code };
};

type Out = { body: Buffer; code: string; fileName: string; version: number };
const fileName = (meta: Meta) =>
  `${meta.kind}-${meta.number.replace(/[^0-9A-Za-z-]+/g, "-")}-v${meta.version}.pdf`;

/** Who did it and when, from the record's audit trail. */
const signOffs = async (id: string, actions: Record<string, string>) => {
  const events = await Audit.list(id);
  return events
    .filter((e) => actions[e.action])
    .map((e) => [actions[e.action]!, e.actor.name ?? e.actor.id, timeID(e.at)]);
};

export namespace Printable {
  /** An accepted supervision report, every section, and its sign-offs. */
  export const report = async (reportID: string): Promise<Out> => {
    const view = await Report.fromID(reportID);
    if (view.status !== "accepted") {
      throw HubError.conflict(
        `Only an accepted report is printed; this one is ${view.status}`,
        "not_accepted",
      );
    }
    const c = view.content as ReportContent;
    const meta: Meta = {
      kind: "report",
      id: view.id,
      version: view.version,
      number: `${view.agreementNumber ?? view.agreementID}/${view.period}`,
      date: (view.acceptedAt ?? view.updatedAt).slice(0, 10),
    };
    const { printer, code } = await start(meta);
    printer
      .fields([
        ["LKS", view.partnerName],
        ["Perjanjian", view.agreementNumber ?? view.agreementID],
        ["Periode", `${view.period} (${dateID(view.periodStart)} - ${dateID(view.periodEnd)})`],
        ["Batas waktu", `${dateID(view.dueDate)}${view.late ? " (terlambat)" : ""}`],
        ["Status", "Diterima"],
        ["Versi", `${view.version} (pengajuan ke-${view.submissions})`],
      ])
      .heading("1. Penerima manfaat")
      .table(
        ["Klaster", "Jumlah"],
        c.beneficiaries.totals.map((t) => [named("cluster", t.cluster), number(t.count)]),
        [0.75, 0.25],
      )
      .heading("Rincian menurut jenis kelamin dan kelompok umur")
      .table(
        ["Klaster", "Jenis kelamin", "Umur", "Jumlah"],
        c.beneficiaries.breakdown.map((b) => [
          named("cluster", b.cluster),
          b.sex === "female" ? "Perempuan" : "Laki-laki",
          b.ageBand,
          number(b.count),
        ]),
        [0.45, 0.2, 0.15, 0.2],
      )
      .heading("Menurut kriteria ATENSI")
      .table(
        ["Kriteria", "Jumlah"],
        c.beneficiaries.byCriterion.map((b) => [named("criterion", b.criterion), number(b.count)]),
        [0.75, 0.25],
      )
      .heading("2. Layanan")
      .table(
        ["Bentuk layanan", "Jumlah"],
        c.services.map((s) => [named("serviceForm", s.form), number(s.count)]),
        [0.75, 0.25],
      )
      .heading("3. Alur manajemen kasus")
      .table(
        ["Tahap", "Awal", "Masuk", "Selesai", "Terminasi", "Akhir"],
        c.caseFlow.map((s) => [
          label(s.stage),
          number(s.atStart),
          number(s.entered),
          number(s.completed),
          number(s.terminated),
          number(s.atEnd),
        ]),
        [0.35, 0.13, 0.13, 0.13, 0.13, 0.13],
      )
      .heading("4. Indikator kinerja")
      .table(
        ["Tingkat", "Indikator", "Target", "Realisasi", "Keterangan"],
        c.indicators.map((i) => [
          label(i.level),
          i.name,
          number(i.target),
          number(i.realised),
          i.narrative ?? "",
        ]),
        [0.15, 0.3, 0.12, 0.13, 0.3],
      )
      .heading("5. Rujukan dalam periode")
      .table(
        ["Program", "Jumlah"],
        Object.entries(view.referrals?.byProgram ?? {}).map(([p, n]) => [p, number(n as number)]),
        [0.75, 0.25],
      )
      .heading("6. Pekerja sosial pendamping")
      .fields([
        ["Nama", c.socialWorker.name],
        ["Nomor sertifikat", c.socialWorker.certificateNumber],
      ])
      .heading("7. Kendala dan tindak lanjut")
      .table(
        ["Kendala", "Tindak lanjut"],
        c.issues.map((i) => [i.issue, i.followUp]),
        [0.5, 0.5],
      )
      .heading("Pengesahan")
      .table(
        ["Langkah", "Oleh", "Waktu"],
        await signOffs(view.id, {
          "report.submitted": "Diajukan",
          "report.resubmitted": "Diajukan ulang",
          "report.revision_requested": "Diminta perbaikan",
          "report.accepted": "Diterima",
        }),
        [0.25, 0.4, 0.35],
      );
    return { body: await printer.finish(), code, fileName: fileName(meta), version: meta.version };
  };

  /** An agreement's summary: number, parties, term, targets and approvals. */
  export const agreement = async (agreementID: string): Promise<Out> => {
    const a = await Agreement.fromID(agreementID);
    if (!a.number) {
      throw HubError.conflict(
        `Only an approved agreement (with its number) is printed; this one is ${a.status}`,
        "not_approved",
      );
    }
    const meta: Meta = {
      kind: "agreement",
      id: a.id,
      version: a.version,
      number: a.number,
      date: (a.approvedAt ?? a.updatedAt).slice(0, 10),
    };
    const { printer, code } = await start(meta);
    printer
      .fields([
        ["Judul", a.title],
        ["Status", named("agreementStatus", a.status)],
        ["Versi", String(a.version)],
      ])
      .heading("Para pihak")
      .fields([
        ["Pihak pertama", "Kementerian Sosial Republik Indonesia, Direktorat Jenderal Rehabilitasi Sosial"],
        ["Unit pembina", a.supervisingUnit],
        ["Pihak kedua", a.partnerName],
      ])
      .heading("Jangka waktu dan nilai")
      .fields([
        ["Mulai", dateID(a.startDate)],
        ["Berakhir", dateID(a.endDate)],
        ["Pelaporan", a.reportingCadence === "monthly" ? "Bulanan" : "Triwulanan"],
        ["Nilai", a.valueRupiah === undefined ? "-" : `Rp${number(a.valueRupiah)}`],
      ])
      .heading("Ruang lingkup")
      .fields([
        ["Klaster", a.scope.clusters.map((c) => named("cluster", c)).join(", ")],
        ["Bentuk layanan", a.scope.serviceForms.map((f) => named("serviceForm", f)).join(", ")],
        ["Basis layanan", a.scope.bases.map((b) => named("base", b)).join(", ")],
        ["Kriteria sasaran", a.scope.targetCriteria.map((c) => named("criterion", c)).join(", ")],
        [
          "Wilayah",
          a.scope.regions
            .map((r) => `${province(r.provinceCode)}${r.regencyCode ? ` (${r.regencyCode})` : ""}`)
            .join(", "),
        ],
      ])
      .heading("Target penerima manfaat")
      .table(
        ["Tahun", "Klaster", "Target"],
        a.yearlyTargets.map((t) => [String(t.year), named("cluster", t.cluster), number(t.target)]),
        [0.2, 0.55, 0.25],
      )
      .heading("Persetujuan")
      .table(
        ["Langkah", "Oleh", "Waktu"],
        await signOffs(a.id, {
          "agreement.submitted": "Diajukan",
          "agreement.resubmitted": "Diajukan ulang",
          "agreement.recommended": "Direkomendasikan",
          "agreement.approved": "Disetujui",
          "agreement.activated": "Berlaku",
        }),
        [0.25, 0.4, 0.35],
      );
    return { body: await printer.finish(), code, fileName: fileName(meta), version: meta.version };
  };

  /**
   * A referral letter to the receiving programme, with only the beneficiary data that programme
   * may receive (its allowed fields), identity numbers masked as everywhere on paper.
   */
  export const referralLetter = async (referralID: string): Promise<Out> => {
    const r = await Referral.fromID(referralID);
    const program = await Program.load(r.programID);
    const allowed = new Set(program.allowedFields as string[]);
    const b = r.beneficiary;
    const meta: Meta = {
      kind: "referral_letter",
      id: r.id,
      version: r.version,
      number: `RUJ/${program.code}/${r.id.slice(4, 14).toUpperCase()}`,
      date: r.createdAt.slice(0, 10),
    };
    const { printer, code } = await start(meta);
    const person: [string, string][] = [];
    if (allowed.has("name") && b.name) person.push(["Nama", b.name]);
    if (allowed.has("nik") && b.nik) person.push(["NIK", b.nik]);
    if (allowed.has("kk") && b.kk) person.push(["No. KK", b.kk]);
    if (allowed.has("birthDate") && b.birthDate) person.push(["Tanggal lahir", dateID(b.birthDate)]);
    if (allowed.has("sex") && b.sex)
      person.push(["Jenis kelamin", b.sex === "female" ? "Perempuan" : "Laki-laki"]);
    if (allowed.has("address") && b.address) person.push(["Alamat", b.address.street]);
    if (allowed.has("region") && b.region)
      person.push(["Wilayah", `${province(b.region.provinceCode)} (${b.region.regencyCode})`]);
    printer
      .fields([
        ["Tanggal", dateID(r.createdAt)],
        ["Kepada", `${program.name} (${program.code}), ${program.owningUnit}`],
        ["Dari", r.sender.name],
        ["Urgensi", named("urgency", r.urgency)],
        ["Versi", String(r.version)],
      ])
      .paragraph(
        "Dengan hormat, bersama ini kami merujuk penerima manfaat berikut untuk dipertimbangkan dalam program Saudara. Data yang dicantumkan terbatas pada data yang boleh diterima program ini (UU 27/2022 tentang Pelindungan Data Pribadi).",
      )
      .heading("Penerima manfaat")
      .fields(person.length ? person : [["Data", "(program ini tidak menerima data identitas)"]]);
    if (allowed.has("criteria") && r.criteria)
      printer.fields([["Kriteria ATENSI", r.criteria.map((c) => named("criterion", c)).join(", ")]]);
    if (allowed.has("needs") && r.needs) printer.fields([["Kebutuhan", r.needs]]);
    if (allowed.has("reason") && r.reason) printer.fields([["Alasan rujukan", r.reason]]);
    printer.paragraph(
      "Mohon tanggapan melalui ATENSI Integration Hub (diterima, disetujui atau ditolak dengan alasan, terdaftar, selesai). Atas perhatian dan kerja samanya kami ucapkan terima kasih.",
    );
    return { body: await printer.finish(), code, fileName: fileName(meta), version: meta.version };
  };
}
