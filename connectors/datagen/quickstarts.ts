// Quickstart presets modelled on Confluent's kafka-connect-datagen ones (same names, fields and
// keys; nested records such as the order address are flattened into top-level fields, since the
// schema subset here is flat). Each is an ordinary schema.string plus its key field.

interface Quickstart {
  readonly keyField: string;
  readonly schema: object;
}

const str = (arg: object): object => ({ type: 'string', 'arg.properties': arg });
const long = (arg: object): object => ({ type: 'long', 'arg.properties': arg });
const int = (arg: object): object => ({ type: 'int', 'arg.properties': arg });
const dbl = (arg: object): object => ({ type: 'double', 'arg.properties': arg });
const record = (name: string, fields: Record<string, object>): object => ({
  type: 'record', name, namespace: 'ksql', fields: Object.entries(fields).map(([n, type]) => ({ name: n, type })),
});

export const QUICKSTARTS: Readonly<Record<string, Quickstart>> = Object.freeze({
  users: {
    keyField: 'userid',
    schema: record('users', {
      registertime: long({ range: { min: 1487715775521, max: 1519273364600 } }),
      userid: str({ regex: 'User_[1-9]' }),
      regionid: str({ regex: 'Region_[1-9]' }),
      gender: str({ options: ['MALE', 'FEMALE', 'OTHER'] }),
    }),
  },
  pageviews: {
    keyField: 'viewtime',
    schema: record('pageviews', {
      viewtime: long({ iteration: { start: 1, step: 10 } }),
      userid: str({ regex: 'User_[1-9]' }),
      pageid: str({ regex: 'Page_[1-9][0-9]?' }),
    }),
  },
  orders: {
    keyField: 'orderid',
    schema: record('orders', {
      ordertime: long({ range: { min: 1487715775521, max: 1519273364600 } }),
      orderid: int({ iteration: { start: 0 } }),
      itemid: str({ regex: 'Item_[1-9][0-9]{0,2}' }),
      orderunits: dbl({ range: { min: 0.1, max: 10 } }),
      address_city: str({ regex: 'City_[1-9][0-9]?' }),
      address_state: str({ regex: 'State_[1-9][0-9]?' }),
      address_zipcode: long({ range: { min: 10000, max: 99999 } }),
    }),
  },
  clickstream: {
    keyField: 'ip',
    schema: record('clickstream', {
      ip: str({ options: ['111.152.45.45', '111.203.236.146', '111.168.57.122', '111.249.79.93', '111.90.225.227', '111.245.174.248', '122.152.45.245', '122.173.165.203', '222.152.45.45', '222.245.174.248'] }),
      userid: int({ range: { min: 1, max: 40 } }),
      remote_user: str({ options: ['-'] }),
      time: str({ regex: '(0[1-9]|[12][0-9])/Sep/2023:[01][0-9]:[0-5][0-9]:[0-5][0-9] \\+0000' }),
      _time: long({ iteration: { start: 1, step: 10 } }),
      request: str({ options: ['GET /index.html HTTP/1.1', 'GET /site/user_status.html HTTP/1.1', 'GET /site/login.html HTTP/1.1', 'GET /site/user_status.html HTTP/1.1', 'GET /images/track.png HTTP/1.1', 'GET /images/logo-small.png HTTP/1.1'] }),
      status: str({ options: ['200', '302', '404', '405', '406', '407'] }),
      bytes: str({ options: ['278', '1289', '2048', '4096', '4006', '4196', '14096'] }),
      referrer: str({ options: ['-'] }),
      agent: str({ options: ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'] }),
    }),
  },
  stock_trades: {
    keyField: 'symbol',
    schema: record('StockTrade', {
      side: str({ options: ['BUY', 'SELL'] }),
      quantity: int({ range: { min: 1, max: 5000 } }),
      symbol: str({ options: ['ZBZX', 'ZJZZT', 'ZTEST', 'ZVV', 'ZVZZT', 'ZWZZT', 'ZXZZT'] }),
      price: int({ range: { min: 5, max: 1000 } }),
      account: str({ options: ['ABC123', 'LMN456', 'XYZ789'] }),
      userid: str({ regex: 'User_[1-9]' }),
    }),
  },
  ratings: {
    keyField: 'rating_id',
    schema: record('ratings', {
      rating_id: long({ iteration: { start: 1 } }),
      user_id: int({ range: { min: 1, max: 100 } }),
      stars: int({ range: { min: 1, max: 6 } }),
      route_id: int({ range: { min: 1, max: 10000 } }),
      rating_time: long({ iteration: { start: 1, step: 10 } }),
      channel: str({ options: ['iOS', 'android', 'web', 'ios-test', 'android-test', 'web-test'] }),
      message: str({ options: ['thank you for the most friendly, helpful experience today at your new lounge', 'more peanuts please', 'why is it so difficult to keep the bathrooms clean ?', 'your team here rocks!', 'airport refurb looks great, will fly outta here more!'] }),
    }),
  },
});

export const QUICKSTART_NAMES: readonly string[] = Object.freeze(Object.keys(QUICKSTARTS));
