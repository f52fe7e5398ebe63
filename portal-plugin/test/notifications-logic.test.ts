import { expect } from 'chai';
import { badgeText, bellLabel } from '../src/web/lib/notifications.ts';
import { categoryLabel, choicesOf } from '../src/web/pages/notifications/logic.ts';

describe('通知 logic', () => {
  it('shows no badge without unread notifications, the count up to 99, and 99+ beyond', () => {
    expect(badgeText(0)).to.equal('');
    expect(badgeText(-1)).to.equal('');
    expect(badgeText(1)).to.equal('1');
    expect(badgeText(99)).to.equal('99');
    expect(badgeText(100)).to.equal('99+');
    expect(badgeText(12_345)).to.equal('99+');
  });

  it('names the bell with the exact count for screen readers, not the badge’s cap', () => {
    expect(bellLabel(3)).to.equal('通知，3 則未讀');
    expect(bellLabel(250)).to.equal('通知，250 則未讀');
    expect(bellLabel(0)).to.equal('通知，沒有未讀');
    // Before the first answer: just what the link is.
    expect(bellLabel(undefined)).to.equal('通知');
  });

  it('names categories in the settings’ words, and one it does not know as 通知 (never its code)', () => {
    expect(categoryLabel('deputy')).to.equal('代理通知');
    expect(categoryLabel('approval')).to.equal('批核通知');
    expect(categoryLabel('result')).to.equal('申請結果通知');
    expect(categoryLabel('something-new')).to.equal('通知');
  });

  it('makes one checkbox state per category the service lists, including one added later, and off when missing', () => {
    const choices = choicesOf({
      email: { deputy: true, approval: false, digest: true },
      categories: [
        { category: 'deputy', label: '代理通知' },
        { category: 'approval', label: '批核通知' },
        { category: 'result', label: '申請結果通知' },
        { category: 'digest', label: '每日摘要' },
      ],
    });
    expect(choices).to.deep.equal({ deputy: true, approval: false, result: false, digest: true });
  });
});
