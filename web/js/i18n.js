// Every string the UI shows, in Vietnamese (the default) and English, plus the
// locale-aware formatting of dates, money, countries and languages.
//
// The chosen language is kept in localStorage under "ketnoi.lang" and mirrored in
// <html lang>. Static text in index.html carries data-i18n (text content),
// data-i18n-placeholder, data-i18n-aria-label or data-i18n-title attributes;
// applyStaticText() fills them. Dynamic views call t() when they render.

const STORAGE_KEY = 'ketnoi.lang';
export const LANGUAGES = ['vi', 'en'];
const LOCALES = { vi: 'vi-VN', en: 'en-GB' };

const STRINGS = {
  vi: {
    'app.title': 'KetNoi — Kết nối tri thức',
    'app.tagline': 'Kết nối nhà khoa học, chuyên gia với bài toán công nghệ được đặt hàng',
    'app.skip': 'Bỏ qua, tới nội dung chính',
    'app.footer': 'KetNoi · Nền tảng số kết nối tri thức các nhà khoa học',
    'lang.label': 'Ngôn ngữ',
    'lang.vi': 'Tiếng Việt',
    'lang.en': 'English',
    'nav.label': 'Các mục chính',
    'tab.problems': 'Bài toán',
    'tab.experts': 'Chuyên gia',

    'tab.find': 'Tìm chuyên gia',

    'tab.import': 'Nhập dữ liệu',
    'import.heading': 'Nhập dữ liệu',
    'import.intro': 'Nhập hồ sơ chuyên gia và công trình từ tệp ORCID, BibTeX, CSV hoặc OpenAlex. Nên chạy thử trước để xem kết quả; người mới nhập có thể trùng với chuyên gia đã có sẽ chờ xét duyệt ở cuối trang.',
    'import.form': 'Nhập tệp',
    'import.file': 'Tệp dữ liệu',
    'import.file.hint': 'Tối đa 64 MiB. Tệp CSV dùng dấu phẩy hoặc chấm phẩy, tiêu đề cột tiếng Việt hoặc tiếng Anh.',
    'import.format': 'Định dạng',
    'import.format.orcid': 'ORCID JSON',
    'import.format.bibtex': 'BibTeX',
    'import.format.csvExperts': 'CSV chuyên gia',
    'import.format.csvWorks': 'CSV công trình',
    'import.format.openalex': 'OpenAlex JSON lines',
    'import.expert': 'Mã chuyên gia (không bắt buộc)',
    'import.expert.hint': 'Gắn các công trình với chuyên gia này, qua tác giả trùng tên.',
    'import.dryRun': 'Chạy thử (không ghi)',
    'import.dryRun.hint': 'Đọc tệp và báo cáo kết quả, không lưu gì vào cơ sở dữ liệu.',
    'import.submit': 'Nhập dữ liệu',
    'import.running': 'Đang xử lý tệp…',
    'import.error.noFile': 'Hãy chọn tệp cần nhập.',
    'import.error.emptyFile': 'Tệp {file} rỗng, không có gì để nhập.',
    'import.error.expert': 'Mã chuyên gia phải là số nguyên dương.',
    'import.error.tooLarge': 'Tệp quá lớn: máy chủ chỉ nhận tệp tối đa 64 MiB. Hãy chia tệp thành nhiều phần.',
    'import.error.rejected': 'Máy chủ không nhận tệp: {message}',
    'import.error.other': 'Không nhập được tệp: {message}',
    'import.report.dry': 'Chạy thử {file}: chưa ghi gì vào cơ sở dữ liệu',
    'import.report.done': 'Đã nhập {file}',
    'import.report.dryNote': 'Đây là kết quả nếu nhập thật. Bỏ chọn “Chạy thử (không ghi)” rồi bấm “Nhập dữ liệu” để ghi.',
    'import.report.file': 'Tệp',
    'import.count.read': 'Bản ghi đã đọc',
    'import.count.rejected': 'Bị từ chối',
    'import.experts': 'Chuyên gia',
    'import.works': 'Công trình',
    'import.count.created': 'Mới',
    'import.count.updated': 'Được bổ sung',
    'import.count.unchanged': 'Không đổi',
    'import.count.merged': 'Gộp tự động',
    'import.count.queued': 'Chờ xét duyệt',
    'import.rejected': 'Bản ghi bị từ chối ({count})',
    'import.rejected.none': 'Không có bản ghi nào bị từ chối.',
    'import.col.where': 'Vị trí (tệp:dòng)',
    'import.col.offset': 'Byte',
    'import.col.reason': 'Lý do',
    'import.warnings': 'Cảnh báo ({count})',

    'review.heading': 'Xét duyệt trùng danh tính',
    'review.intro': 'Người mới nhập có thể là chuyên gia đã có trong danh bạ. Chọn “Gộp” nếu là cùng một người, “Giữ riêng” nếu là hai người khác nhau.',
    'review.refresh': 'Làm mới',
    'review.empty': 'Không có cặp nào chờ xét duyệt.',
    'review.count': '{count} cặp chờ xét duyệt',
    'review.count.one': '1 cặp chờ xét duyệt',
    'review.more': 'Hiển thị {shown} trong số {total} cặp; xét duyệt xong sẽ hiện tiếp.',
    'review.pair': '{expert} và {candidate}',
    'review.existing': 'Chuyên gia đã có',
    'review.candidate': 'Người mới nhập',
    'review.missing': 'Không còn hồ sơ #{id}.',
    'review.unknown': 'Chưa rõ',
    'review.country': 'Quốc gia',
    'review.affiliation': 'Nơi công tác',
    'review.email': 'Thư điện tử',
    'review.created': 'Phát hiện ngày {date}',
    'review.nameMatch': 'Mức trùng tên',
    'review.reasons': 'Điểm chung',
    'review.reasons.none': 'Chỉ trùng tên.',
    'review.merge': 'Gộp',
    'review.keepApart': 'Giữ riêng',
    'review.merge.label': 'Gộp {candidate} vào hồ sơ {expert}',
    'review.keepApart.label': 'Giữ {expert} và {candidate} là hai người riêng',
    'review.merged': 'Đã gộp {candidate} vào hồ sơ {expert}.',
    'review.keptApart': 'Đã giữ riêng {expert} và {candidate}.',
    'review.conflict': 'Cặp {expert} và {candidate} đã được xét duyệt trước đó (có thể bởi người khác). Danh sách đã được làm mới.',
    'review.saving': 'Đang lưu…',

    'nameMatch.exact': 'Trùng hoàn toàn',
    'nameMatch.full': 'Trùng tên, khác dấu',
    'nameMatch.partial': 'Trùng một phần',
    'nameMatch.initials': 'Trùng chữ viết tắt',
    'nameMatch.conflict': 'Không khớp',

    'reason.email': 'Cùng địa chỉ thư điện tử',
    'reason.works': '{count} công trình chung ({first})',
    'reason.coauthor': 'Đồng tác giả chung: {name}',
    'reason.affiliation': 'Cùng nơi công tác: {org}',
    'reason.sameOrcid': 'Cùng mã ORCID {orcid}',
    'reason.differentOrcid': 'Khác mã ORCID',
    'find.heading': 'Tìm chuyên gia cho bài toán',
    'find.intro': 'Dán mô tả bài toán bằng tiếng Việt, tiếng Anh hoặc tiếng Nhật. KetNoi xếp hạng chuyên gia theo công trình, sáng chế và dự án của họ, kèm lý do và bằng chứng cho từng đề xuất.',
    'find.text': 'Mô tả bài toán',
    'find.placeholder': 'Ví dụ: Công ty cần thiết kế vi mạch tương tự công suất thấp cho cảm biến IoT chạy pin: bộ khuếch đại và bộ chuyển đổi ADC tiêu thụ dưới 10 µW, để cảm biến hoạt động nhiều năm không phải thay pin.',
    'find.hint': 'Viết bằng tiếng Việt (có dấu hoặc không dấu), tiếng Anh hoặc tiếng Nhật. Địa chỉ trang lưu cả nội dung tìm kiếm, có thể gửi cho đồng nghiệp.',
    'find.submit': 'Tìm chuyên gia',
    'find.clear': 'Xoá nội dung',
    'find.text.required': 'Hãy nhập mô tả bài toán trước khi tìm.',

    'match.heading': 'Chuyên gia phù hợp',
    'match.jump': 'Xem chuyên gia phù hợp',
    'match.filters': 'Lọc chuyên gia phù hợp',
    'match.mode': 'Hình thức hợp tác',
    'match.from': 'Có thể tham gia từ',
    'match.to': 'Đến ngày',
    'match.dates.order': 'Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.',
    'match.coi': 'Không đề xuất chuyên gia của {org}, tổ chức đặt hàng, để tránh xung đột lợi ích.',
    'match.loading': 'Đang tìm chuyên gia phù hợp…',
    'match.empty': 'Chưa tìm thấy chuyên gia phù hợp.',
    'match.empty.filters': 'Không có chuyên gia phù hợp với bộ lọc này. Hãy thử nới rộng bộ lọc.',
    'match.count': '{count} chuyên gia phù hợp nhất',
    'match.count.one': '1 chuyên gia phù hợp',
    'match.score': 'Mức độ phù hợp',
    'match.score.help': 'Mức độ phù hợp từ 0 đến 100%, so sánh được giữa các bài toán.',
    'match.rank': 'Hạng',
    'match.why': 'Vì sao',
    'match.term.title': '“{term}” đóng góp {share} mức độ phù hợp',
    'match.evidence': 'Bằng chứng',

    'expert.problems': 'Bài toán phù hợp',
    'expert.problems.none': 'Chưa có bài toán đang mở phù hợp với chuyên gia này.',
    'detail.back': 'Quay lại',
    'detail.backTo': 'Quay lại: {title}',

    'problems.heading': 'Bài toán công nghệ',
    'problems.intro': 'Các bài toán do tổ chức, doanh nghiệp Việt Nam đặt hàng, tìm nhà khoa học và chuyên gia giải quyết.',
    'problems.filters': 'Lọc bài toán',
    'problems.empty': 'Không có bài toán nào khớp với bộ lọc.',
    'problems.open': 'Xem chi tiết bài toán {title}',

    'experts.heading': 'Danh bạ chuyên gia',
    'experts.intro': 'Nhà khoa học, chuyên gia người Việt ở nước ngoài, chuyên gia quốc tế và trong nước.',
    'experts.filters': 'Lọc chuyên gia',
    'experts.empty': 'Không tìm thấy chuyên gia nào khớp với bộ lọc.',
    'experts.open': 'Xem hồ sơ {name}',

    'filter.status': 'Trạng thái',
    'filter.group': 'Nhóm công nghệ',
    'filter.country': 'Quốc gia',
    'filter.chapter': 'Chi hội',
    'filter.search': 'Tìm theo tên',
    'filter.search.placeholder': 'Ví dụ: Nguyen Thi Mai',
    'filter.search.hint': 'Có thể gõ không dấu.',
    'filter.all': 'Tất cả',
    'filter.reset': 'Xoá bộ lọc',
    'filter.toggle': 'Bộ lọc',
    'filter.version': 'Danh mục {code}',

    'list.range': '{from}–{to} trong số {total}',
    'list.none': 'Không có kết quả',
    'list.prev': 'Trang trước',
    'list.next': 'Trang sau',
    'list.pages': 'Phân trang',
    'list.loading': 'Đang tải…',
    'list.retry': 'Thử lại',

    'error.network': 'Không kết nối được tới máy chủ KetNoi. Vui lòng kiểm tra kết nối và thử lại.',
    'error.http': 'Máy chủ trả về lỗi {status}.',
    'error.title': 'Đã xảy ra lỗi',
    'error.lookups': 'Không tải được danh mục tổ chức, chi hội và nhóm công nghệ: {message}',

    'problem.organization': 'Tổ chức đặt hàng',
    'problem.deadline': 'Hạn chót',
    'problem.budget': 'Kinh phí',
    'problem.budget.none': 'Chưa công bố',
    'problem.groups': 'Nhóm công nghệ',
    'problem.summary': 'Tóm tắt',
    'problem.description': 'Mô tả',
    'problem.summaryOnlyNote': 'Bài toán chỉ công khai phần tóm tắt. Nội dung đầy đủ được cung cấp cho chuyên gia được mời.',
    'problem.inviteOnlyNote': 'Bài toán chỉ dành cho chuyên gia được mời.',
    'problem.skills': 'Kỹ năng yêu cầu',
    'problem.skills.must': 'Bắt buộc',
    'problem.skills.nice': 'Nên có',
    'problem.deliverables': 'Sản phẩm bàn giao',
    'problem.trl': 'Mức độ sẵn sàng công nghệ (TRL)',
    'problem.trl.value': 'TRL {current} → TRL {target}',
    'problem.trl.none': 'Không xác định',
    'problem.ip': 'Quyền sở hữu trí tuệ',
    'problem.mode': 'Hình thức hợp tác',
    'problem.status': 'Trạng thái',
    'problem.confidentiality': 'Mức công khai',
    'problem.untitled': '(Chưa có tiêu đề)',
    'problem.noDescription': 'Chưa có mô tả.',

    'expert.affiliation': 'Nơi công tác',
    'expert.location': 'Nơi ở',
    'expert.groups': 'Nhóm công nghệ',
    'expert.skills': 'Kỹ năng nổi bật',
    'expert.bio': 'Giới thiệu',
    'expert.bio.none': 'Chưa có giới thiệu.',
    'expert.languages': 'Ngôn ngữ',
    'expert.modes': 'Hình thức tham gia',
    'expert.availability': 'Thời gian có thể tham gia',
    'expert.availability.none': 'Chưa cập nhật lịch.',
    'expert.availability.hours': '{hours} giờ/tháng',
    'expert.works': 'Công trình, sáng chế, dự án',
    'expert.works.none': 'Chưa có công trình nào.',
    'expert.works.more': 'Hiển thị {shown} trong số {total} công trình.',
    'expert.works.hidden': '{count} công trình đã ẩn khỏi ghép nối.',
    'expert.works.hidden.one': '1 công trình đã ẩn khỏi ghép nối.',
    'work.key': 'Tiêu biểu',
    'work.hidden': 'Đã ẩn khỏi ghép nối',
    'work.key.toggle': 'Đánh dấu tiêu biểu',
    'work.key.label': 'Đánh dấu tiêu biểu: {title}',
    'work.key.help': 'Công trình tiêu biểu được tính nặng hơn khi ghép nối chuyên gia với bài toán.',
    'work.key.undo': 'Bỏ đánh dấu tiêu biểu.',
    'work.hidden.toggle': 'Ẩn khỏi ghép nối',
    'work.hidden.label': 'Ẩn khỏi ghép nối: {title}',
    'work.hidden.help': 'Khi ghép nối, bỏ qua công trình này đối với chuyên gia này (công trình vẫn ở trong hồ sơ).',
    'work.hidden.undo': 'Hiện lại công trình này khi ghép nối.',
    'work.saving': 'Đang lưu…',
    'work.error': 'Chưa lưu được thay đổi: {message}',
    'expert.stage': 'Giai đoạn sự nghiệp',
    'expert.orcid': 'ORCID',
    'expert.otherName': 'Tên không dấu',
    'expert.chapters': 'Chi hội',
    'expert.unknownOrg': 'Tổ chức #{id}',

    'detail.close': 'Đóng',
    'detail.loading': 'Đang tải chi tiết…',

    'status.draft': 'Bản nháp',
    'status.open': 'Đang mở',
    'status.matching': 'Đang ghép nối',
    'status.proposals': 'Nhận đề xuất',
    'status.awarded': 'Đã giao',
    'status.in_progress': 'Đang thực hiện',
    'status.completed': 'Hoàn thành',
    'status.cancelled': 'Đã huỷ',

    'confidentiality.public': 'Công khai',
    'confidentiality.summary_only': 'Chỉ công khai tóm tắt',
    'confidentiality.invite_only': 'Chỉ theo lời mời',

    'ip.none': 'Không chuyển giao quyền SHTT',
    'ip.non_exclusive': 'Chuyển giao không độc quyền',
    'ip.exclusive': 'Chuyển giao độc quyền',
    'ip.negotiable': 'Thoả thuận',

    'mode.consulting': 'Tư vấn',
    'mode.joint_research': 'Nghiên cứu chung',
    'mode.training': 'Đào tạo',
    'mode.advisory': 'Cố vấn',
    'mode.investment': 'Đầu tư',

    'stage.student': 'Sinh viên, nghiên cứu sinh',
    'stage.early_career': 'Mới vào nghề',
    'stage.mid_career': 'Giữa sự nghiệp',
    'stage.senior': 'Cao cấp',
    'stage.emeritus': 'Danh dự',

    'background.overseas_vietnamese': 'Người Việt ở nước ngoài',
    'background.foreign': 'Chuyên gia quốc tế',
    'background.domestic': 'Trong nước',

    'kind.publication': 'Bài báo',
    'kind.patent': 'Sáng chế',
    'kind.project': 'Dự án',
    'kind.product': 'Sản phẩm',

    'skill.must': 'Bắt buộc',
    'skill.nice': 'Nên có',
  },
  en: {
    'app.title': 'KetNoi — Knowledge connection',
    'app.tagline': 'Connecting scientists and experts with commissioned technology problems',
    'app.skip': 'Skip to main content',
    'app.footer': 'KetNoi · The digital platform connecting the knowledge of scientists',
    'lang.label': 'Language',
    'lang.vi': 'Tiếng Việt',
    'lang.en': 'English',
    'nav.label': 'Main sections',
    'tab.problems': 'Problems',
    'tab.experts': 'Experts',

    'tab.find': 'Find experts',

    'tab.import': 'Import',
    'import.heading': 'Import data',
    'import.intro': 'Import expert profiles and works from ORCID, BibTeX, CSV or OpenAlex files. Do a dry run first to see the outcome; imported people who may be experts already in the directory wait for review at the bottom of the page.',
    'import.form': 'Import a file',
    'import.file': 'Data file',
    'import.file.hint': 'Up to 64 MiB. CSV files may use commas or semicolons, with Vietnamese or English column headers.',
    'import.format': 'Format',
    'import.format.orcid': 'ORCID JSON',
    'import.format.bibtex': 'BibTeX',
    'import.format.csvExperts': 'CSV experts',
    'import.format.csvWorks': 'CSV works',
    'import.format.openalex': 'OpenAlex JSON lines',
    'import.expert': 'Expert ID (optional)',
    'import.expert.hint': 'Links the works to this expert, through the author whose name agrees.',
    'import.dryRun': 'Dry run (write nothing)',
    'import.dryRun.hint': 'Reads the file and reports what would happen, storing nothing.',
    'import.submit': 'Import',
    'import.running': 'Processing the file…',
    'import.error.noFile': 'Please choose a file to import.',
    'import.error.emptyFile': 'The file {file} is empty: there is nothing to import.',
    'import.error.expert': 'The expert ID must be a positive whole number.',
    'import.error.tooLarge': 'The file is too large: the server accepts files of up to 64 MiB. Please split it into parts.',
    'import.error.rejected': 'The server refused the file: {message}',
    'import.error.other': 'The file could not be imported: {message}',
    'import.report.dry': 'Dry run of {file}: nothing was written',
    'import.report.done': 'Imported {file}',
    'import.report.dryNote': 'This is what a real import would do. Untick “Dry run (write nothing)” and press “Import” to write it.',
    'import.report.file': 'File',
    'import.count.read': 'Records read',
    'import.count.rejected': 'Rejected',
    'import.experts': 'Experts',
    'import.works': 'Works',
    'import.count.created': 'Created',
    'import.count.updated': 'Updated',
    'import.count.unchanged': 'Unchanged',
    'import.count.merged': 'Merged',
    'import.count.queued': 'Queued for review',
    'import.rejected': 'Rejected records ({count})',
    'import.rejected.none': 'No records were rejected.',
    'import.col.where': 'Location (file:line)',
    'import.col.offset': 'Byte',
    'import.col.reason': 'Reason',
    'import.warnings': 'Warnings ({count})',

    'review.heading': 'Identity review',
    'review.intro': 'An imported person may be an expert already in the directory. Choose “Merge” if they are one person, “Keep apart” if they are two different people.',
    'review.refresh': 'Refresh',
    'review.empty': 'No pairs are waiting for review.',
    'review.count': '{count} pairs waiting for review',
    'review.count.one': '1 pair waiting for review',
    'review.more': 'Showing {shown} of {total} pairs; more appear as these are decided.',
    'review.pair': '{expert} and {candidate}',
    'review.existing': 'Existing expert',
    'review.candidate': 'Imported person',
    'review.missing': 'Profile #{id} no longer exists.',
    'review.unknown': 'Unknown',
    'review.country': 'Country',
    'review.affiliation': 'Affiliation',
    'review.email': 'E-mail',
    'review.created': 'Found on {date}',
    'review.nameMatch': 'Name agreement',
    'review.reasons': 'In common',
    'review.reasons.none': 'Only the name.',
    'review.merge': 'Merge',
    'review.keepApart': 'Keep apart',
    'review.merge.label': 'Merge {candidate} into the profile of {expert}',
    'review.keepApart.label': 'Keep {expert} and {candidate} apart as two people',
    'review.merged': 'Merged {candidate} into the profile of {expert}.',
    'review.keptApart': 'Kept {expert} and {candidate} apart.',
    'review.conflict': 'The pair {expert} and {candidate} was already decided, perhaps by someone else. The list has been refreshed.',
    'review.saving': 'Saving…',

    'nameMatch.exact': 'Exact',
    'nameMatch.full': 'Same words, diacritics differ',
    'nameMatch.partial': 'Partial',
    'nameMatch.initials': 'Initials only',
    'nameMatch.conflict': 'Conflicting',

    'reason.email': 'Same e-mail address',
    'reason.works': '{count} work(s) in common ({first})',
    'reason.coauthor': 'Co-author in common: {name}',
    'reason.affiliation': 'Same affiliation: {org}',
    'reason.sameOrcid': 'Same ORCID iD {orcid}',
    'reason.differentOrcid': 'Different ORCID iDs',
    'find.heading': 'Find experts for a problem',
    'find.intro': 'Paste a problem statement in Vietnamese, English or Japanese. KetNoi ranks experts by their publications, patents and projects, and shows the reasons and evidence for each suggestion.',
    'find.text': 'Problem statement',
    'find.placeholder': 'e.g. We need low-power analogue circuits (an amplifier and an ADC under 10 µW) so that battery-powered IoT sensors run for years without a battery change.',
    'find.hint': 'Write in Vietnamese (with or without diacritics), English or Japanese. The page address keeps the search, so it can be shared with colleagues.',
    'find.submit': 'Find experts',
    'find.clear': 'Clear text',
    'find.text.required': 'Please describe the problem before searching.',

    'match.heading': 'Matching experts',
    'match.jump': 'See matching experts',
    'match.filters': 'Filter matching experts',
    'match.mode': 'Engagement',
    'match.from': 'Available from',
    'match.to': 'Until',
    'match.dates.order': 'The start date must not be after the end date.',
    'match.coi': 'Experts of {org}, the commissioning organisation, are not suggested, to avoid conflicts of interest.',
    'match.loading': 'Finding matching experts…',
    'match.empty': 'No matching experts found yet.',
    'match.empty.filters': 'No experts match these filters. Try widening them.',
    'match.count': 'The {count} best-matching experts',
    'match.count.one': '1 matching expert',
    'match.score': 'Match score',
    'match.score.help': 'Match scores run from 0 to 100% and are comparable across problems.',
    'match.rank': 'Rank',
    'match.why': 'Why',
    'match.term.title': '“{term}” contributes {share} of the match score',
    'match.evidence': 'Evidence',

    'expert.problems': 'Problems for this expert',
    'expert.problems.none': 'No open problems fit this expert yet.',
    'detail.back': 'Back',
    'detail.backTo': 'Back to {title}',

    'problems.heading': 'Technology problems',
    'problems.intro': 'Problems commissioned by Vietnamese organisations and companies, looking for scientists and experts to solve them.',
    'problems.filters': 'Filter problems',
    'problems.empty': 'No problems match these filters.',
    'problems.open': 'Open problem {title}',

    'experts.heading': 'Expert directory',
    'experts.intro': 'Scientists and experts: Vietnamese abroad, international and domestic.',
    'experts.filters': 'Filter experts',
    'experts.empty': 'No experts match these filters.',
    'experts.open': 'Open the profile of {name}',

    'filter.status': 'Status',
    'filter.group': 'Technology group',
    'filter.country': 'Country',
    'filter.chapter': 'Chapter',
    'filter.search': 'Search by name',
    'filter.search.placeholder': 'e.g. Nguyen Thi Mai',
    'filter.search.hint': 'Diacritics are optional.',
    'filter.all': 'All',
    'filter.reset': 'Clear filters',
    'filter.toggle': 'Filters',
    'filter.version': 'List {code}',

    'list.range': '{from}–{to} of {total}',
    'list.none': 'No results',
    'list.prev': 'Previous page',
    'list.next': 'Next page',
    'list.pages': 'Pagination',
    'list.loading': 'Loading…',
    'list.retry': 'Try again',

    'error.network': 'Cannot reach the KetNoi server. Please check your connection and try again.',
    'error.http': 'The server answered with error {status}.',
    'error.title': 'Something went wrong',
    'error.lookups': 'Could not load organisations, chapters and technology groups: {message}',

    'problem.organization': 'Commissioned by',
    'problem.deadline': 'Deadline',
    'problem.budget': 'Budget',
    'problem.budget.none': 'Not disclosed',
    'problem.groups': 'Technology groups',
    'problem.summary': 'Summary',
    'problem.description': 'Description',
    'problem.summaryOnlyNote': 'Only the summary of this problem is public. The full text is shared with invited experts.',
    'problem.inviteOnlyNote': 'This problem is open to invited experts only.',
    'problem.skills': 'Required skills',
    'problem.skills.must': 'Must have',
    'problem.skills.nice': 'Nice to have',
    'problem.deliverables': 'Deliverables',
    'problem.trl': 'Technology readiness level (TRL)',
    'problem.trl.value': 'TRL {current} → TRL {target}',
    'problem.trl.none': 'Not specified',
    'problem.ip': 'Intellectual property',
    'problem.mode': 'Engagement',
    'problem.status': 'Status',
    'problem.confidentiality': 'Visibility',
    'problem.untitled': '(Untitled)',
    'problem.noDescription': 'No description yet.',

    'expert.affiliation': 'Affiliation',
    'expert.location': 'Based in',
    'expert.groups': 'Technology groups',
    'expert.skills': 'Top skills',
    'expert.bio': 'About',
    'expert.bio.none': 'No biography yet.',
    'expert.languages': 'Languages',
    'expert.modes': 'Engagement modes',
    'expert.availability': 'Availability',
    'expert.availability.none': 'No availability given.',
    'expert.availability.hours': '{hours} hours/month',
    'expert.works': 'Publications, patents and projects',
    'expert.works.none': 'No works yet.',
    'expert.works.more': 'Showing {shown} of {total} works.',
    'expert.works.hidden': '{count} works are hidden from matching.',
    'expert.works.hidden.one': '1 work is hidden from matching.',
    'work.key': 'Key work',
    'work.hidden': 'Hidden from matching',
    'work.key.toggle': 'Mark as key work',
    'work.key.label': 'Mark as key work: {title}',
    'work.key.help': 'Key works weigh more when experts are matched with problems.',
    'work.key.undo': 'Unmark as key work.',
    'work.hidden.toggle': 'Hide from matching',
    'work.hidden.label': 'Hide from matching: {title}',
    'work.hidden.help': 'Matching ignores this work for this expert (it stays in the profile).',
    'work.hidden.undo': 'Show this work in matching again.',
    'work.saving': 'Saving…',
    'work.error': 'The change was not saved: {message}',
    'expert.stage': 'Career stage',
    'expert.orcid': 'ORCID',
    'expert.otherName': 'Name without diacritics',
    'expert.chapters': 'Chapters',
    'expert.unknownOrg': 'Organisation #{id}',

    'detail.close': 'Close',
    'detail.loading': 'Loading details…',

    'status.draft': 'Draft',
    'status.open': 'Open',
    'status.matching': 'Matching',
    'status.proposals': 'Taking proposals',
    'status.awarded': 'Awarded',
    'status.in_progress': 'In progress',
    'status.completed': 'Completed',
    'status.cancelled': 'Cancelled',

    'confidentiality.public': 'Public',
    'confidentiality.summary_only': 'Summary only',
    'confidentiality.invite_only': 'Invite only',

    'ip.none': 'No IP transfer',
    'ip.non_exclusive': 'Non-exclusive licence',
    'ip.exclusive': 'Exclusive licence',
    'ip.negotiable': 'Negotiable',

    'mode.consulting': 'Consulting',
    'mode.joint_research': 'Joint research',
    'mode.training': 'Training',
    'mode.advisory': 'Advisory',
    'mode.investment': 'Investment',

    'stage.student': 'Student',
    'stage.early_career': 'Early career',
    'stage.mid_career': 'Mid-career',
    'stage.senior': 'Senior',
    'stage.emeritus': 'Emeritus',

    'background.overseas_vietnamese': 'Vietnamese abroad',
    'background.foreign': 'International expert',
    'background.domestic': 'Based in Vietnam',

    'kind.publication': 'Publication',
    'kind.patent': 'Patent',
    'kind.project': 'Project',
    'kind.product': 'Product',

    'skill.must': 'Must',
    'skill.nice': 'Nice',
  },
};

// The enum wire names the UI knows, per enum; used to build filter options.
export const PROBLEM_STATUSES = ['draft', 'open', 'matching', 'proposals', 'awarded',
  'in_progress', 'completed', 'cancelled'];

let current = initialLanguage();
const listeners = new Set();

function initialLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
  } catch {
    // Storage may be disabled (private mode); fall back to the default.
  }
  return 'vi';
}

export function lang() { return current; }
export function locale() { return LOCALES[current]; }

export function setLang(next) {
  if (!LANGUAGES.includes(next) || next === current) return;
  current = next;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* not persisted */ }
  document.documentElement.lang = next;
  applyStaticText();
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn) { listeners.add(fn); }

// Returns the string for `key` in the current language with {name} placeholders
// replaced from `params`. A missing key shows as the key itself, never as blank.
export function t(key, params = {}) {
  const s = STRINGS[current][key] ?? STRINGS.vi[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// The label of an enum value, e.g. label('status', 'in_progress'). Unknown values
// (a newer server) are shown humanised rather than as raw wire names.
export function label(prefix, value) {
  const key = `${prefix}.${value}`;
  if (key in STRINGS[current]) return STRINGS[current][key];
  return String(value ?? '').replace(/_/g, ' ');
}

// Picks the current language from a bilingual {vi, en} value, falling back to the
// other language; plain strings are returned as they are.
export function pick(text) {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  const other = current === 'vi' ? 'en' : 'vi';
  return (text[current] || '').trim() || (text[other] || '').trim();
}

// Whether pick(text) had to fall back to the other language (shown with a lang attribute).
export function pickedLang(text) {
  if (text == null || typeof text === 'string') return current;
  return (text[current] || '').trim() ? current : (current === 'vi' ? 'en' : 'vi');
}

export function applyStaticText(root = document) {
  document.documentElement.lang = current;
  document.title = t('app.title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

// ---- Formatting -----------------------------------------------------------------

const cache = new Map();
function memo(key, make) {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key);
}

// "YYYY-MM-DD" → localised date; the date is read as UTC so it never shifts a day.
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  const fmt = memo(`date:${current}`, () => new Intl.DateTimeFormat(locale(),
    { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
  return fmt.format(date);
}

export function formatMoney(budget) {
  if (!budget || budget.amount == null || !budget.currency) return '';
  try {
    const fmt = memo(`money:${current}:${budget.currency}`, () => new Intl.NumberFormat(locale(),
      { style: 'currency', currency: budget.currency, maximumFractionDigits: 0 }));
    return fmt.format(budget.amount);
  } catch {
    return `${budget.amount} ${budget.currency}`;
  }
}

export function formatNumber(n) {
  return memo(`num:${current}`, () => new Intl.NumberFormat(locale())).format(n);
}

// 0.87 → "87%" (whole percent, the locale's way).
export function formatPercent(fraction) {
  return memo(`pct:${current}`, () => new Intl.NumberFormat(locale(),
    { style: 'percent', maximumFractionDigits: 0 })).format(fraction);
}

export function countryName(code) {
  if (!code) return '';
  try {
    const names = memo(`region:${current}`, () => new Intl.DisplayNames([locale()], { type: 'region' }));
    return names.of(code.toUpperCase()) || code;
  } catch {
    return code;
  }
}

export function languageName(code) {
  if (!code) return '';
  try {
    const names = memo(`language:${current}`, () => new Intl.DisplayNames([locale()], { type: 'language' }));
    const name = names.of(code) || code;
    return name.charAt(0).toLocaleUpperCase(locale()) + name.slice(1);
  } catch {
    return code;
  }
}

// Locale-aware comparison for sorting option lists.
export function compare(a, b) {
  return memo(`collator:${current}`, () => new Intl.Collator(locale())).compare(a, b);
}
