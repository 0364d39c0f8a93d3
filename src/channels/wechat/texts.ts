// The few fixed texts that only the WeChat channel needs; everything else comes from the bot.
export const wechatTexts = {
  typeYourQuestion: '您好，目前只能回答文字提问（语音请开启语音识别）。请直接输入您想了解的问题，例如：2023年开发区组织了几次法治学习？',
  unknownMenu: '这个菜单暂未配置问题，请直接输入您想了解的问题。',
  noMore: '没有更多内容了。请直接输入您的新问题。',
  error: '抱歉，系统暂时无法回答，请稍后再试。法律咨询可拨打12348，政务服务可拨打12345。',
} as const;
