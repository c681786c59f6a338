/**
 * The article page of a ward portal (demo/index.html and demo/en.html), as a template: a legacy layout with a fixed
 * width and px font sizes everywhere, which is what the text size control has to cope with.
 */
import { html, type TemplateResult } from 'lit';
import { ARTICLE_ID, endpoints, type Scenario } from './fixtures.js';
import './article-page.css';

export type Locale = 'vi' | 'en';

const text = {
  vi: {
    line1: 'ĐẢNG BỘ - CHÍNH QUYỀN - NHÂN DÂN',
    line2: 'PHƯỜNG QUYẾT THẮNG',
    menu: ['Trang chủ', 'Giới thiệu', 'Tin tức - Sự kiện', 'Văn bản', 'Thủ tục hành chính', 'Liên hệ'],
    other: { label: 'English', lang: 'en' },
    title: 'TIẾP TỤC ĐẨY MẠNH CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN.',
    date: 'Ngày đăng: 31/07/2023',
    sapo: 'Ngày 28/7/2023, Ban Thường vụ Tỉnh ủy ban hành Công văn số 1000-CV/TU về đẩy mạnh công tác phát triển đảng viên.',
    photo: [
      'Lễ kết nạp lực lượng dân quân vào Đảng',
      'Lễ kết nạp lực lượng dân quân vào Đảng tại Chi bộ Quân sự, Đảng bộ phường Quyết Thắng.',
    ],
    paragraphs: [
      'Theo tinh thần chỉ đạo của Ban Thường vụ Tỉnh ủy tại Công văn trên, các cơ quan, đơn vị, địa phương tiếp tục tuyên truyền, quán triệt sâu sắc các chủ trương của Trung ương, của tỉnh về phát triển đảng viên nhằm nâng cao hơn nữa nhận thức, trách nhiệm của cán bộ, đảng viên, nhân dân về công tác phát triển đảng viên và phát triển đảng viên trong học sinh, sinh viên, doanh nghiệp ngoài nhà nước nói riêng.',
      'Tiếp tục triển khai đồng bộ các giải pháp đẩy mạnh phát triển đảng viên, phấn đấu tỷ lệ kết nạp đảng viên mới hàng năm đạt từ 3-4% trong tổng số đảng viên; tập trung đổi mới công tác tuyên truyền, vận động, bồi dưỡng, giáo dục chính trị, tư tưởng, góp phần nâng cao nhận thức, giác ngộ lý tưởng, xây dựng động cơ trong sáng, tạo động lực cho quần chúng rèn luyện, phấn đấu vào Đảng.',
      'Kết hợp chặt chẽ giữa phát triển đảng viên với quản lý, nâng cao chất lượng đội ngũ đảng viên; thường xuyên rà soát, sàng lọc, đưa đảng viên không đủ tư cách ra khỏi Đảng.',
    ],
    author: 'Tổng hợp: Trúc Quỳnh',
    weblinks: 'Liên kết website',
    weblinkOptions: ['-- Chọn liên kết --', 'Cổng thông tin điện tử tỉnh'],
    stats: 'Thống kê truy cập',
    footer: [
      'CỔNG THÔNG TIN ĐIỆN TỬ PHƯỜNG QUYẾT THẮNG',
      'Địa chỉ: Phường Quyết Thắng - Điện thoại: 0208 3 000 000',
      'Chịu trách nhiệm chính: Chủ tịch UBND phường',
    ],
  },
  en: {
    line1: 'PARTY COMMITTEE - GOVERNMENT - PEOPLE',
    line2: 'QUYET THANG WARD',
    menu: ['Home', 'About', 'News - Events', 'Documents', 'Public services', 'Contact'],
    other: { label: 'Tiếng Việt', lang: 'vi' },
    title: 'STEPPING UP THE ADMISSION OF NEW PARTY MEMBERS.',
    date: 'Published: 31/07/2023',
    sapo: 'On 28 July 2023 the Standing Committee of the Provincial Party Committee issued Official Letter No. 1000-CV/TU on stepping up the admission of new Party members.',
    photo: [
      'Admission ceremony for militia members',
      'Admission ceremony for militia members at the Military Party Cell, Quyet Thang Ward Party Committee.',
    ],
    paragraphs: [
      'Following the letter, agencies, units and localities continue to explain the policies of the Central Committee and the province on admitting new members, raising the awareness and responsibility of officials, members and the people, in particular among pupils, students and private enterprises.',
      'The province aims to admit new members equal to 3 to 4% of its membership each year, renewing the way it informs, mobilises and trains people who wish to join.',
      'Admission goes hand in hand with managing and raising the quality of membership, with regular reviews.',
    ],
    author: 'Compiled by: Truc Quynh',
    weblinks: 'Web links',
    weblinkOptions: ['-- Choose a link --', 'Provincial e-portal'],
    stats: 'Visit statistics',
    footer: [
      'QUYET THANG WARD E-PORTAL',
      'Address: Quyet Thang Ward - Phone: 0208 3 000 000',
      "Responsible: Chair of the Ward People's Committee",
    ],
  },
};

/** The article's body, the `.news-detail` block the text size control targets. */
export function articleBody(locale: Locale, options: { title?: string; photo?: boolean } = {}): TemplateResult {
  const t = text[locale];
  return html`<div class="news-detail">
    <h1 class="title">${options.title ?? t.title}</h1>
    <p class="date">${t.date}</p>
    <p class="sapo">${t.sapo}</p>
    ${
      options.photo === false
        ? ''
        : html`<div class="photo">
          <img src="img/ket-nap-1.png" width="560" height="315" alt=${t.photo[0]} />
          <p class="caption">${t.photo[1]}</p>
        </div>`
    }
    ${t.paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}
    <p class="author">${t.author}</p>
  </div>`;
}

export interface ArticlePageOptions {
  locale: Locale;
  /** How the portal's services behave on this page (one scenario for all three). */
  scenario?: Scenario;
  /** A headline in place of the article's own. */
  title?: string;
  /** The levels the page's contrast toggle offers. */
  contrastLevels?: string;
}

/** The whole page, with all five widgets where the ward portal puts them. */
export function articlePage({ locale, scenario = 'ok', title, contrastLevels }: ArticlePageOptions): TemplateResult {
  const t = text[locale];
  return html`<div class="portal-page">
    <div id="wrapper">
      <div id="header">
        <div class="banner">
          <div class="quoc-huy"></div>
          <div class="banner-text">
            <div class="line1">${t.line1}</div>
            <div class="line2">${t.line2}</div>
          </div>
        </div>
        <ul id="menu">
          ${t.menu.map((label, i) => html`<li class=${i === 2 ? 'active' : ''}><a href="#">${label}</a></li>`)}
          <li><a href="#" lang=${t.other.lang} hreflang=${t.other.lang}>${t.other.label}</a></li>
        </ul>
      </div>
      <div id="content">
        <div id="main">
          <div class="breadcrumb"><a href="#">${t.menu[0]}</a> &raquo; <a href="#">${t.menu[2]}</a></div>
          <div class="tools">
            <font-size-control target=".news-detail"></font-size-control>
            <span class="sep" aria-hidden="true">|</span>
            <contrast-toggle levels=${contrastLevels ?? 'normal more'}></contrast-toggle>
          </div>
          ${articleBody(locale, { title })}
          <div class="rating-box">
            <star-rating src=${endpoints.rating(scenario, ARTICLE_ID)} value="5" count="2"></star-rating>
          </div>
          <div class="related">
            <related-posts src=${endpoints.related(scenario, ARTICLE_ID)} limit="5"></related-posts>
          </div>
        </div>
        <div id="sidebar">
          <div class="box">
            <div class="box-title" id="weblinks-title">${t.weblinks}</div>
            <select class="weblink" aria-labelledby="weblinks-title">
              ${t.weblinkOptions.map((option) => html`<option>${option}</option>`)}
            </select>
          </div>
          <div class="box">
            <div class="box-title">${t.stats}</div>
            <visit-stats src=${endpoints.stats(scenario)} track></visit-stats>
          </div>
        </div>
        <div class="clear"></div>
      </div>
      <div id="footer">
        <p><b>${t.footer[0]}</b></p>
        <p>${t.footer[1]}</p>
        <p>${t.footer[2]}</p>
      </div>
    </div>
  </div>`;
}
