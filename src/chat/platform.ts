/** The platform name chat identities and rooms are stored under for the configured puppet. */
export const platformFor = (puppet: string) => (puppet === 'mock' ? 'mock' : 'wechat');
