import type { NotificationKind } from "../notification";

/**
 * Bahasa Indonesia: the one catalogue of notification and e-mail text for this language, used by
 * the portal's inbox and by every e-mail. Parameters are `{name}`; none is ever a beneficiary's
 * personal data (no NIK, no PPKS name): notifications name records, periods and institutions.
 */
export const notificationsId: Record<NotificationKind, { title: string; body: string }> = {
  "account.invitation": {
    title: "Undangan ke Portal Mitra ATENSI",
    body: "{inviter} mengundang Anda ({name}) ke Portal Mitra ATENSI Kementerian Sosial sebagai {role}. Buka tautan di bawah untuk membuat kata sandi. Tautan berlaku {hours} jam dan hanya dapat dipakai sekali.",
  },
  "account.password_reset": {
    title: "Atur ulang kata sandi",
    body: "Ada permintaan untuk mengatur ulang kata sandi akun Anda. Buka tautan di bawah dalam {minutes} menit untuk membuat kata sandi baru; tautan hanya dapat dipakai sekali. Setelah itu semua sesi masuk Anda diakhiri. Jika Anda tidak memintanya, abaikan e-mail ini.",
  },
  "account.password_changed": {
    title: "Kata sandi Anda diganti",
    body: "Kata sandi akun Anda baru saja diganti dan semua sesi lama diakhiri. Jika bukan Anda yang menggantinya, segera hubungi admin Kemensos.",
  },
  "account.email_confirm": {
    title: "Konfirmasi alamat e-mail",
    body: "Terima kasih telah mendaftarkan {partner}. Buka tautan di bawah untuk mengonfirmasi bahwa alamat e-mail ini milik Anda.",
  },
  "account.email_change": {
    title: "Konfirmasi alamat e-mail baru",
    body: "Anda meminta agar akun Anda memakai alamat ini ({newEmail}). Buka tautan di bawah dalam {hours} jam untuk mengonfirmasinya.",
  },
  "account.email_changed": {
    title: "Alamat e-mail akun Anda akan diganti",
    body: "Ada permintaan untuk mengganti alamat e-mail akun Anda menjadi {newEmail}. Alamat lama ini berhenti dipakai setelah alamat baru dikonfirmasi. Jika bukan Anda yang memintanya, ganti kata sandi Anda dan hubungi admin Kemensos.",
  },
  "mail.digest": {
    title: "Ringkasan harian: {count} pemberitahuan",
    body: "Berikut pemberitahuan untuk Anda sejak ringkasan terakhir.",
  },
  "report.due": {
    title: "Laporan {period} jatuh tempo {dueDate}",
    body: "Laporan pengawasan {period} untuk perjanjian {agreement} harus dikirim paling lambat {dueDate} ({days} hari lagi).",
  },
  "report.due_final": {
    title: "Pengingat terakhir: laporan {period} jatuh tempo {dueDate}",
    body: "Laporan pengawasan {period} untuk perjanjian {agreement} belum dikirim dan harus dikirim paling lambat {dueDate}. Ini pengingat terakhir sebelum tenggat.",
  },
  "report.overdue": {
    title: "Laporan {period} terlambat",
    body: "Laporan pengawasan {period} untuk perjanjian {agreement} belum dikirim dan sudah melewati tenggat {dueDate}.",
  },
  "report.submitted": {
    title: "Laporan {period} dikirim",
    body: "{partner} mengirim laporan pengawasan {period} untuk ditinjau.",
  },
  "report.submitted_late": {
    title: "Laporan {period} dikirim (terlambat)",
    body: "{partner} mengirim laporan pengawasan {period} untuk ditinjau, setelah tenggat.",
  },
  "report.revision_requested": {
    title: "Laporan {period} dikembalikan untuk perbaikan",
    body: "Kemensos mengembalikan laporan pengawasan {period} untuk diperbaiki. Alasan: {reason}",
  },
  "report.reviewed": {
    title: "Laporan {period} sudah ditinjau unit wilayah",
    body: "Laporan pengawasan {period} dari {partner} sudah ditinjau unit wilayah dan menunggu penerimaan di tingkat pusat.",
  },
  "report.accepted": {
    title: "Laporan {period} diterima",
    body: "Kemensos menerima laporan pengawasan {period}.",
  },
  "report.unlocked": {
    title: "Laporan {period} dibuka kembali",
    body: "Laporan pengawasan {period} dibuka kembali untuk diubah. Alasan: {reason}",
  },
  "report.comment": {
    title: "Komentar baru pada laporan {period}",
    body: "{author} mengomentari bagian {section} laporan {period}.",
  },
  "agreement.submitted": {
    title: "Perjanjian diajukan: {title}",
    body: "{partner} mengajukan perjanjian \u201c{title}\u201d untuk ditinjau.",
  },
  "agreement.resubmitted": {
    title: "Perjanjian diajukan ulang: {title}",
    body: "{partner} mengajukan ulang perjanjian \u201c{title}\u201d setelah perbaikan.",
  },
  "agreement.recommended": {
    title: "Perjanjian direkomendasikan: {title}",
    body: "Perjanjian \u201c{title}\u201d direkomendasikan dan menunggu keputusan pejabat penyetuju.",
  },
  "agreement.changes_requested": {
    title: "Perjanjian perlu diperbaiki: {title}",
    body: "Kemensos meminta perbaikan pada perjanjian \u201c{title}\u201d. Alasan: {reason}",
  },
  "agreement.rejected": {
    title: "Perjanjian ditolak: {title}",
    body: "Kemensos menolak perjanjian \u201c{title}\u201d. Alasan: {reason}",
  },
  "agreement.terminated": {
    title: "Perjanjian diakhiri: {title}",
    body: "Kemensos mengakhiri perjanjian \u201c{title}\u201d. Alasan: {reason}",
  },
  "agreement.approved": {
    title: "Perjanjian disetujui: {title}",
    body: "Perjanjian \u201c{title}\u201d disetujui dengan nomor {number}.",
  },
  "agreement.activated": {
    title: "Perjanjian berlaku: {title}",
    body: "Perjanjian \u201c{title}\u201d ({number}) mulai berlaku.",
  },
  "agreement.expiring": {
    title: "Perjanjian segera berakhir: {title}",
    body: "Perjanjian \u201c{title}\u201d ({number}) berakhir dalam {days} hari.",
  },
  "agreement.expired": {
    title: "Perjanjian berakhir: {title}",
    body: "Masa berlaku perjanjian \u201c{title}\u201d ({number}) telah berakhir.",
  },
  "agreement.comment": {
    title: "Komentar baru pada perjanjian {title}",
    body: "{author} mengomentari perjanjian \u201c{title}\u201d.",
  },
  "partner.verified": {
    title: "Pendaftaran LKS diverifikasi",
    body: "Kemensos memverifikasi pendaftaran {partner}. Anda sekarang dapat masuk ke portal.",
  },
  "partner.rejected": {
    title: "Pendaftaran LKS ditolak",
    body: "Kemensos menolak pendaftaran {partner}. Alasan: {reason}",
  },
  "partner.suspended": {
    title: "LKS dibekukan",
    body: "Kemensos membekukan {partner}. Alasan: {reason}",
  },
  "partner.reinstated": {
    title: "LKS diaktifkan kembali",
    body: "Kemensos mengaktifkan kembali {partner}.",
  },
  "partner.accreditation_expiring": {
    title: "Akreditasi segera berakhir",
    body: "Akreditasi {partner} berakhir pada {date} ({days} hari lagi). Perbarui akreditasi dan profil LKS Anda.",
  },
  "referral.acknowledged": {
    title: "Rujukan diterima sistem {program}",
    body: "Program {program} mengonfirmasi telah menerima rujukan {referral}.",
  },
  "referral.accepted": {
    title: "Rujukan disetujui {program}",
    body: "Program {program} menyetujui rujukan {referral}.",
  },
  "referral.rejected": {
    title: "Rujukan ditolak {program}",
    body: "Program {program} menolak rujukan {referral}.",
  },
  "referral.enrolled": {
    title: "Rujukan didaftarkan {program}",
    body: "Program {program} mendaftarkan penerima manfaat rujukan {referral}.",
  },
  "referral.closed": {
    title: "Rujukan ditutup {program}",
    body: "Program {program} menutup rujukan {referral}.",
  },
  "referral.overdue": {
    title: "Rujukan {referral} melewati batas waktu",
    body: "Rujukan {referral} kepada program {program} belum dijawab dan batas waktunya ({deadline}) sudah lewat. Mohon segera tanggapi melalui API atau portal. Bila tidak, Kementerian Sosial akan diberi tahu.",
  },
  "referral.escalated": {
    title: "Rujukan {referral} ke {program} terlambat dijawab",
    body: "Program {program} belum menjawab rujukan {referral}; batas waktunya {deadline} sudah lewat dan kontak program telah diingatkan.",
  },
  "referral.erasure_confirmed": {
    title: "{program} mengonfirmasi penghapusan data",
    body: "Setelah persetujuan ditarik, program {program} mengonfirmasi bahwa data rujukan {referral} telah {measure}.",
  },
  "endpoint.disabled": {
    title: "Endpoint webhook dinonaktifkan",
    body: "Endpoint webhook {url} milik program {program} dinonaktifkan: {reason}",
  },
  "endpoint.disabled_contact": {
    title: "Endpoint webhook program {program} dinonaktifkan",
    body: "Hub Integrasi ATENSI menonaktifkan endpoint webhook {url} milik program {program}: {reason}. Peristiwa baru tetap dicatat dan dapat dikirim ulang setelah endpoint diaktifkan kembali. Mohon perbaiki penerima Anda, lalu hubungi Kementerian Sosial untuk mengaktifkannya kembali.",
  },
};

/** The parts of every e-mail around the notification itself. */
export const mailId = {
  greeting: "Yth. {name},",
  open: "Buka di Portal Mitra ATENSI",
  signature: "Salam,\nDirektorat Rehabilitasi Sosial, Kementerian Sosial RI",
  footer:
    "E-mail ini dikirim otomatis oleh Portal Mitra ATENSI. Atur e-mail yang Anda terima di {preferences}.",
  footerAccount: "E-mail ini dikirim otomatis oleh Portal Mitra ATENSI; mohon tidak membalas.",
} as const;

/** Causes shown in the inbox and e-mail for webhook endpoints disabled by the hub. */
export const reasonsId: Record<string, string> = {
  gone: "penerima menjawab 410 Gone",
  failing: "semua pengiriman gagal selama 5 hari",
};
