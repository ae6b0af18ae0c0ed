/**
 * What an owner's message asks of renovation, if anything (pure; text already normalised to
 * simplified script): apply ("我下个月要装修，怎么申请？", "申请装修"), the allowed hours
 * ("装修几点可以施工"), or the state of their application ("我的装修审批到哪了"). Questions the
 * knowledge base answers (deposit, documents) are left to it. Works done ("装修完工了，申请验收")
 * asks for the acceptance inspection; "装修要延期到3月10日" asks for an extension.
 */
export type RenovationIntent = 'apply' | 'hours' | 'status' | 'acceptance' | 'extension';

const RENO = /(装修|装潢|裝修|装饰施工)/;
const APPLY =
  /(申请|申报|报备|办理?|登记|要装修|想装修|准备装修|打算装修|开始装修|装修.{0,6}(怎么|如何|流程)|apply)/;
const HOURS = /(几点|时间段|什么时间|什么时候可以|哪些时间|时段|施工时间|装修时间)/;
const ACCEPTANCE = /(完工|竣工|装完了|验收)/;
const EXTENSION = /(延期|延长|推迟完工|来不及)/;
const STATUS = /(进度|到哪|审批了吗|批了没|批下来|我的装修|状态)/;
const KNOWLEDGE = /(押金|保证金|材料|资料|手续|费用|多少钱|垃圾|提前多久|提前几天|多久前|要多久)/;
/** Wanting to apply now, said outright ("我要申请装修", "帮我办装修", "下个月要装修"). */
const WANTS = /(我要|我想|帮我|给我|我准备|我打算|要装修|想装修|准备装修|打算装修|开始装修)(?!问)/;
/** Someone else's works disturbing the owner: a complaint, not a question about their own. */
const DISTURBED = /(吵|噪音|扰民|太响|灰尘|楼上|隔壁|邻居|违规|违章)/;

export function renovationIntent(text: string): RenovationIntent | undefined {
  if (!RENO.test(text) || DISTURBED.test(text)) return undefined;
  if (EXTENSION.test(text)) return 'extension';
  if (ACCEPTANCE.test(text) && !HOURS.test(text)) return 'acceptance';
  if (STATUS.test(text)) return 'status';
  if (HOURS.test(text)) return 'hours';
  // a question about the rules ("装修要提前多久申请 需要交押金吗") is answered, not begun
  if (KNOWLEDGE.test(text) && !(/(申请|申报)/.test(text) && WANTS.test(text))) return undefined;
  if (APPLY.test(text)) return 'apply';
  return undefined;
}
