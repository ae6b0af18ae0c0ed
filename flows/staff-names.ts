import { Types } from 'mongoose';
import { Person } from '../src/data/models/index.js';

/** Job titles staff names start with in the directory ("维修工老张"); owners write "老张". */
const TITLES =
  /^(维修工|维修师傅|协管员|保安|保洁员|保洁|绿化工|前台|客服主管|片区管理员[A-Z]?|工程主管|安防队长|环境主管|绿化主管|主任|总部督导)/;

/**
 * The staff member a text names first, by full name or by the name without the title; `said` is
 * the part of the text that named them.
 */
export async function findStaffNamed(
  communityId: string,
  text: string,
): Promise<{ id: string; name: string; said: string } | undefined> {
  const staff = await Person.find(
    {
      communityId: new Types.ObjectId(communityId),
      active: true,
      roles: { $in: ['staff', 'front_desk', 'zone_manager', 'dept_supervisor', 'cs_supervisor'] },
    },
    { name: 1 },
  ).lean();
  // the name said first ("转给 小刘 老张那边忙不过来" is 小刘), the longest at the same place
  let best: { id: string; name: string; said: string; at: number } | undefined;
  for (const p of staff) {
    const short = p.name.replace(TITLES, '');
    for (const n of [p.name, short]) {
      const at = n.length >= 2 ? text.indexOf(n) : -1;
      if (at < 0) continue;
      if (!best || at < best.at || (at === best.at && n.length > best.said.length))
        best = { id: String(p._id), name: p.name, said: n, at };
    }
  }
  return best && { id: best.id, name: best.name, said: best.said };
}
